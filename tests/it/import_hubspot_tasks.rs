//! HubSpot's activities export holds follow-up tasks among its calls, e-mails, meetings and
//! notes: imported as tasks, its `Task` rows become tasks (subject → title, `Task Due Date`,
//! `Task Status`, the account through `Associated Contact Email`, as the touchpoints find
//! it) and the other activities are skipped and counted.

use crate::import_crm::Book;

#[test]
fn hubspot_activities_import_their_tasks() {
    let b = Book::new();
    b.ok("accounts", "hubspot_companies.csv", &["--map", "Company Domain Name=external_id"]);
    b.ok("contacts", "hubspot_contacts.csv", &["--skip-invalid"]);
    let out = b.ok("tasks", "hubspot_activities.csv", &["--skip-invalid"]);
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
