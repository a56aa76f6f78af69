//! HubSpot's activities export holds follow-up tasks among its calls, e-mails, meetings and
//! notes: imported as tasks, its `Task` rows become tasks (subject → title, `Task Due Date`,
//! `Task Status`, the account through `Associated Contact Email`, as the touchpoints find
//! it) and the other activities are skipped and counted. Its completed tasks have no due
//! date: they were done on their `Activity Date`, and are imported as done then (they were
//! set aside as missing a due date until session 31).

use crate::import_crm::Book;

/// The HubSpot companies and contacts, then the tasks of the activities export; with what
/// the tasks import said.
fn tasks_imported() -> (Book, String) {
    let b = Book::new();
    b.ok("accounts", "hubspot_companies.csv", &["--map", "Company Domain Name=external_id"]);
    b.ok("contacts", "hubspot_contacts.csv", &["--skip-invalid"]);
    let out = b.ok("tasks", "hubspot_activities.csv", &["--skip-invalid"]);
    (b, out)
}

#[test]
fn hubspot_activities_import_their_tasks() {
    let (b, out) = tasks_imported();
    // 402 calls, 398 e-mails, 412 meetings and 403 notes.
    assert!(out.contains("activities that are not tasks: 1615, skipped"), "{out}");
    let tasks = b.count("task");
    assert!(tasks > 0, "{out}");
    assert!(out.contains(&format!("{tasks} created")), "{out}");
    let (title, status, due, contact): (String, String, String, String) = b
        .sql()
        .query_row(
            "SELECT t.title, t.status, t.due, c.email FROM task t JOIN contact c ON c.id = t.contact_id \
             WHERE c.email = 'romantroy@example.com' ORDER BY t.due LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(title, "Follow up task for contact romantroy@example.com");
    assert_eq!((status.as_str(), due.as_str()), ("open", "2025-05-12"), "Not Started, due as exported");
    assert_eq!(contact, "romantroy@example.com");
}

/// The 64 `Completed` tasks of the export have an empty `Task Due Date`: each is imported
/// as done on its `Activity Date`, and due then (not refused, not closed today).
#[test]
fn hubspot_completed_tasks_are_done_on_their_activity_date() {
    let (b, out) = tasks_imported();
    let done: Vec<(String, String, Option<String>)> = b
        .sql()
        .prepare("SELECT title, due, done_on FROM task WHERE status = 'done' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Every completed row whose contact was imported (the others name an e-mail the
    // contacts file set aside).
    assert_eq!(done.len(), 53, "{out}");
    assert!(done.iter().all(|(_, due, on)| on.as_deref() == Some(due.as_str())), "{done:?}");
    let tammy =
        done.iter().find(|(t, _, _)| t == "Follow up task for contact tammyperez@example.org").unwrap();
    assert_eq!(tammy.1, "2022-04-24", "its Activity Date");
    assert!(!out.contains("due is required"), "{out}");
}

/// The activity date is read only where it dates something: an open task's bad one sets
/// nothing aside; a completed task without a due date and with a bad one is set aside,
/// naming the column; a completed task without either date still needs its due date.
#[test]
fn the_activity_date_is_read_only_for_a_completed_task() {
    let b = Book::new();
    let accounts = b.dir.join("accounts.csv");
    std::fs::write(&accounts, "name\nInitech\n").unwrap();
    assert!(b.import_path("accounts", &accounts, &[]).status.success());
    let file = b.dir.join("activities.csv");
    std::fs::write(
        &file,
        "Account,Activity Type,Activity Date,Call/Meeting Title/Subject,Task Status,Task Due Date\n\
         Initech,Task,someday,Open one,Not Started,2027-01-15\n\
         Initech,Task,2026-10-02,Done one,Completed,\n\
         Initech,Task,someday,Done badly dated,Completed,\n\
         Initech,Task,,Done undated,Completed,\n",
    )
    .unwrap();
    let out = b.import_path("tasks", &file, &["--skip-invalid"]);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{said}");
    assert!(said.contains("2 created"), "{said}");
    let rejected = std::fs::read_to_string(b.dir.join("activities.csv.tasks.rejected.csv")).unwrap();
    assert!(rejected.contains("Done badly dated") && rejected.contains("Activity Date"), "{rejected}");
    assert!(rejected.contains("Done undated") && rejected.contains("due is required"), "{rejected}");
    let tasks: Vec<(String, String, String, Option<String>)> = b
        .sql()
        .prepare("SELECT title, status, due, done_on FROM task ORDER BY title")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        tasks,
        vec![
            ("Done one".into(), "done".into(), "2026-10-02".into(), Some("2026-10-02".into())),
            ("Open one".into(), "open".into(), "2027-01-15".into(), None),
        ]
    );
}

/// The README's HubSpot steps import the activities file twice, as touchpoints and as
/// tasks, both with `--skip-invalid`: each keeps its own list of rows set aside
/// (`FILE.KIND.rejected.csv`), where the second replaced the first's 1,197 rows without
/// a word (CSM trial, session 33).
#[test]
fn the_activities_imported_as_two_kinds_keep_both_lists_of_rows_set_aside() {
    let (b, tasks) = tasks_imported();
    let touchpoints = b.ok("touchpoints", "hubspot_activities.csv", &["--skip-invalid"]);
    assert!(touchpoints.contains("hubspot_activities.csv.touchpoints.rejected.csv"), "{touchpoints}");
    let set_aside = |said: &str| -> usize {
        let n = said.split("rows set aside: ").nth(1).unwrap_or_else(|| panic!("{said}"));
        n.split(',').next().unwrap().parse().unwrap()
    };
    let (as_tasks, as_touchpoints) =
        (b.rejected("hubspot_activities.csv", "tasks"), b.rejected("hubspot_activities.csv", "touchpoints"));
    assert_eq!(crate::import_crm::lines(&as_tasks), set_aside(&tasks) + 1, "{tasks}");
    assert_eq!(crate::import_crm::lines(&as_touchpoints), set_aside(&touchpoints) + 1, "{touchpoints}");
    assert_ne!(as_tasks, as_touchpoints);
}
