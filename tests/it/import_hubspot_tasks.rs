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
