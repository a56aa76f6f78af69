//! More defects a CSM's trial of the dashboard found (session 29), each driven through the
//! harness: `x` clearing the `/` search with the filters.

use crate::support::tui_edit::*;
use radar::i18n::Lang;
use radar::store::Store;

const SIZE: (u16, u16) = (120, 35);

#[test]
fn x_clears_the_search_with_the_filters() {
    let mut s = Store::open_in_memory().unwrap();
    demo_into(&mut s, 40);
    let mut h = app_on(s, Lang::En, SIZE);
    h.keys("r/成都天府云图\n");
    let p = &h.app.portfolio;
    assert!(p.model.filters.at_risk);
    assert_eq!(p.model.query, "成都天府云图");
    h.keys("x");
    let p = &h.app.portfolio;
    assert!(p.model.filters.is_empty(), "the filters go");
    assert_eq!(p.model.query, "", "the search goes too");
    assert_eq!(p.model.view.len(), 40);
    assert!(!h.screen().contains("/成都天府云图"), "{}", h.screen());
}
