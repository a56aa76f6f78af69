//! Which kind of file a header row describes, decided in one place for the CLI (which
//! refuses a file given as the wrong kind: a contacts export imported as accounts would
//! make an account of every person) and the dashboard (which proposes the kind, asking only
//! when two fit).
//!
//! A kind *fits* a header row when every field it requires has a column (the account of a
//! child row may be named by a company domain or a contact's e-mail instead). Its *score* is
//! how many of its fields the row names. A file given as one kind is *clearly another* when
//! that other kind fits with a higher score and its required columns are not the ones the
//! given kind needs (a customer template whose `名称` is both the account's name and its
//! contacts' account is an accounts file and a contacts file at once, and is never refused).

use super::fields::{F, Kind, fold_header};
use super::header::{field_and_unit, score};

/// The kinds a header row may hold, in the order they are proposed (every kind an import
/// takes: without tasks and referrals a file of them was guessed as accounts).
pub const KINDS: [Kind; 10] = [
    Kind::Accounts,
    Kind::Contacts,
    Kind::Promises,
    Kind::Requirements,
    Kind::Usage,
    Kind::Touchpoints,
    Kind::Tasks,
    Kind::Referrals,
    Kind::Outcomes,
    Kind::Deals,
];

/// A kind that fits a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    pub kind: Kind,
    /// Fields of the kind the row names.
    pub score: usize,
    /// The columns holding the kind's required fields other than a child row's account.
    pub required: Vec<usize>,
    /// The column naming a child row's account.
    pub account: Option<usize>,
}

/// The first column naming each field of `kind`.
fn column(kind: Kind, headers: &[String], f: F) -> Option<usize> {
    headers.iter().position(|h| field_and_unit(kind, h).is_some_and(|(g, _)| g == f))
}

/// How `kind` fits `headers`, or None when a required field has no column.
pub fn fit(kind: Kind, headers: &[String]) -> Option<Fit> {
    let (mut required, mut account) = (Vec::new(), None);
    for s in kind.fields().iter().filter(|s| s.required) {
        let alternatives: &[F] = match (kind, s.field) {
            (_, F::Account) => &[F::Account, F::AccountDomain, F::ContactEmail],
            (Kind::Contacts, F::Name) => &[F::Name, F::FirstName, F::LastName],
            _ => std::slice::from_ref(&s.field),
        };
        let col = alternatives.iter().find_map(|f| column(kind, headers, *f))?;
        if s.field == F::Account { account = Some(col) } else { required.push(col) }
    }
    Some(Fit { kind, score: score(kind, headers), required, account })
}

/// Every kind that fits `headers`, the best (most fields named) first.
pub fn fits(headers: &[String]) -> Vec<Fit> {
    let mut all: Vec<Fit> = KINDS.iter().filter_map(|k| fit(*k, headers)).collect();
    // An activities export names more task fields than touchpoint ones, but is mostly
    // contacts with the customer: its touchpoints rank with its tasks, and first (KINDS'
    // order), so a file given as another kind is named as touchpoints, as before tasks fit.
    let tasks = all.iter().find(|f| activities(Kind::Touchpoints, f.kind, headers)).map(|f| f.score);
    all.sort_by_key(|f| {
        let rank = if f.kind == Kind::Touchpoints { f.score.max(tasks.unwrap_or(0)) } else { f.score };
        std::cmp::Reverse(rank)
    });
    all
}

/// What the dashboard proposes for a header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    /// No kind fits.
    None,
    One(Kind),
    /// Two kinds fit as well (the user picks).
    Two(Kind, Kind),
}

/// The kind `headers` hold: the best fit, unless a second one fits as well (the same score,
/// or accounts and contacts reading one column as the account: a customer template).
pub fn guess(headers: &[String]) -> Guess {
    let all = fits(headers);
    let combined = |a: &Fit, b: &Fit| {
        let pair = [a.kind, b.kind];
        pair.contains(&Kind::Accounts)
            && pair.contains(&Kind::Contacts)
            && shares(a, b)
            && !own_format(a.kind, headers)
    };
    match all.as_slice() {
        [] => Guess::None,
        [a, rest @ ..] => match rest
            .iter()
            .find(|b| b.score == a.score || combined(a, b) || activities(a.kind, b.kind, headers))
        {
            // A customer template: its accounts first, since its contacts need them (the
            // contacts alone fail: "no account has … (import accounts first)").
            Some(b) if combined(a, b) => Guess::Two(Kind::Accounts, Kind::Contacts),
            // Mostly contacts with the customer, so touchpoints first.
            Some(b) if activities(a.kind, b.kind, headers) => Guess::Two(Kind::Touchpoints, Kind::Tasks),
            Some(b) => Guess::Two(a.kind, b.kind),
            None => Guess::One(a.kind),
        },
    }
}

/// A CRM's activities export (HubSpot's: an `Activity Type` column, tasks among the calls and
/// meetings) is a touchpoints file and a tasks file at once: each import takes its own rows,
/// so neither kind is refused for the other, and the dashboard asks which.
fn activities(a: Kind, b: Kind, headers: &[String]) -> bool {
    let pair = [a, b];
    pair.contains(&Kind::Touchpoints)
        && pair.contains(&Kind::Tasks)
        && column(Kind::Tasks, headers, F::TouchKind).is_some()
}

/// Two kinds read the same columns as what identifies their rows: an account's name that
/// is also its contacts' account (a combined template), or the same required columns.
/// Every child kind names an account, so that column alone says nothing.
fn shares(a: &Fit, b: &Fit) -> bool {
    let all = |f: &Fit| f.required.iter().copied().chain(f.account).collect::<Vec<_>>();
    if a.kind == Kind::Accounts || b.kind == Kind::Accounts {
        all(a).iter().any(|c| all(b).contains(c))
    } else {
        a.required.iter().any(|c| b.required.contains(c))
    }
}

/// The kind `headers` clearly hold instead of `asked`, if any (see the module comment).
pub fn clearly_other(asked: Kind, headers: &[String]) -> Option<Kind> {
    if asked == Kind::Json {
        return None;
    }
    let best = fits(headers).into_iter().find(|f| f.kind != asked && !activities(asked, f.kind, headers))?;
    match fit(asked, headers) {
        None => Some(best.kind),
        Some(mine)
            if best.score > mine.score && (!shares(&mine, &best) || own_format(best.kind, headers)) =>
        {
            Some(best.kind)
        }
        Some(_) => None,
    }
}

/// The headers name every required field of `kind` by its own column name (`account`,
/// `name`): Radar's export of that kind, whatever else its columns could be read as.
fn own_format(kind: Kind, headers: &[String]) -> bool {
    let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
    kind.fields().iter().filter(|s| s.required).all(|s| folded.contains(&fold_header(s.field.name())))
}

/// What the header row of the file at `path` holds (the dashboard's import: the worker
/// calls this, the update never reads a file). The file is read as accounts, which refuses
/// it naming the kind when it is clearly another (`clearly_other`); read as accounts, the
/// same header row says whether a second kind fits as well. `None` when no kind fits.
pub fn of_file(
    path: &std::path::Path,
    options: &super::table::ReadOptions,
) -> Result<Guess, super::ImportError> {
    use super::ImportError;
    let plain = super::table::ReadOptions {
        map: Vec::new(),
        set: Vec::new(),
        defaults: Vec::new(),
        head_only: true,
        ..options.clone()
    };
    match super::table::Table::read(path, Kind::Accounts, &plain) {
        Ok(table) => Ok(guess(&table.headers)),
        // Clearly not accounts: the header read as the kind it looks like says whether a
        // second kind fits as well (HubSpot's activities are touchpoints and tasks: it was
        // proposed as touchpoints only, its tasks unreachable from the dashboard; CSM trial,
        // session 33).
        Err(ImportError::WrongKind { path: _, asked: _, looks, message: _ }) => {
            match super::table::Table::read(path, looks, &plain) {
                Ok(table) => Ok(match guess(&table.headers) {
                    g @ Guess::Two(a, b) if a == looks || b == looks => g,
                    _ => Guess::One(looks),
                }),
                Err(_) => Ok(Guess::One(looks)),
            }
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    const HUBSPOT_CONTACTS: &str = "Contact ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Job Title,Lifecycle Stage,Lead Status,Create Date,Last Modified Date,Contact Owner,Lead Source,Website URL,Street Address,City,State/Region,Postal Code,Country,Associated Company Domain";
    const HUBSPOT_COMPANIES: &str = "Company ID,Company Name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Phone Number,Website,Street Address,City,State/Region,Postal Code,Country,Create Date,Last Modified Date,Company Owner";
    const HUBSPOT_DEALS: &str = "Deal ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal Owner,Deal Type,Closed Lost Reason,Associated Company Domain,Associated Contact Email";
    const HUBSPOT_ACTIVITIES: &str = "Activity ID,Activity Type,Activity Date,Activity Owner,Notes/Description,Call/Meeting Title/Subject,Call Outcome,Meeting Outcome,Task Status,Task Due Date,Associated Contact Email";
    const SF_OPPORTUNITIES: &str = "ID,ISDELETED,ACCOUNTID,NAME,DESCRIPTION,STAGENAME,AMOUNT,PROBABILITY,EXPECTEDREVENUE,TOTALOPPORTUNITYQUANTITY,CLOSEDATE,TYPE,NEXTSTEP,LEADSOURCE,ISCLOSED,ISWON,FORECASTCATEGORY,HASOPPORTUNITYLINEITEM,PRICEBOOKID,PRICEBOOK2ID,OWNERID,CREATEDDATE";
    const MRBIGGREEN: &str = "客户名称,客户级别,企业性质,注册资金,销售收入,所属行业,公司规模,联系人,职位,固定电话,手机号码,邮箱,所在省份,所在城市,详细地址,官网,客户来源,公司简介";
    const JSHERP: &str = "名称*,联系人,手机号码,联系电话,电子邮箱,传真,期初应收,纳税人识别号,税率(%),开户行,账号,地址,备注,排序,状态*";

    #[test]
    fn crm_exports_are_told_apart() {
        assert_eq!(guess(&h(HUBSPOT_CONTACTS)), Guess::One(Kind::Contacts));
        assert_eq!(guess(&h(HUBSPOT_COMPANIES)), Guess::One(Kind::Accounts));
        assert_eq!(guess(&h(HUBSPOT_DEALS)), Guess::One(Kind::Deals));
        // Its calls and meetings are touchpoints, its tasks tasks: the dashboard asks.
        assert_eq!(guess(&h(HUBSPOT_ACTIVITIES)), Guess::Two(Kind::Touchpoints, Kind::Tasks));
        assert_eq!(clearly_other(Kind::Touchpoints, &h(HUBSPOT_ACTIVITIES)), None);
        assert_eq!(clearly_other(Kind::Tasks, &h(HUBSPOT_ACTIVITIES)), None);
        assert_eq!(guess(&h(SF_OPPORTUNITIES)), Guess::One(Kind::Deals));
        assert_eq!(guess(&h("account,date,kind,contact,note")), Guess::One(Kind::Touchpoints));
    }

    /// The dashboard reads the file (`of_file`): the kind each real export is proposed as,
    /// with HubSpot's activities asked (touchpoints or tasks), where reading it as accounts
    /// first, refused as touchpoints, proposed touchpoints alone (CSM trial, session 33).
    #[test]
    fn the_dashboard_proposes_each_real_export_as_its_own_kinds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crm");
        let read = crate::interchange::table::ReadOptions::default();
        let of = |name: &str| of_file(&dir.join(name), &read).unwrap();
        assert_eq!(of("hubspot_activities.csv"), Guess::Two(Kind::Touchpoints, Kind::Tasks));
        assert_eq!(of("hubspot_contacts.csv"), Guess::One(Kind::Contacts));
        assert_eq!(of("hubspot_companies.csv"), Guess::One(Kind::Accounts));
        assert_eq!(of("hubspot_deals.csv"), Guess::One(Kind::Deals));
        assert_eq!(of("sf_dataloader_opportunityData.csv"), Guess::One(Kind::Deals));
        assert_eq!(of("mrbiggreen_客户导入模板.xls"), Guess::Two(Kind::Accounts, Kind::Contacts));
    }

    #[test]
    fn a_combined_customer_template_is_two_kinds() {
        for t in [MRBIGGREEN, JSHERP] {
            // Accounts offered first: the contacts of such a file need its accounts.
            assert_eq!(guess(&h(t)), Guess::Two(Kind::Accounts, Kind::Contacts), "{t}: {:?}", fits(&h(t)));
            assert_eq!(clearly_other(Kind::Accounts, &h(t)), None, "{t}");
            assert_eq!(clearly_other(Kind::Contacts, &h(t)), None, "{t}");
        }
    }

    #[test]
    fn a_file_given_as_the_wrong_kind_is_named() {
        assert_eq!(clearly_other(Kind::Accounts, &h(HUBSPOT_CONTACTS)), Some(Kind::Contacts));
        assert_eq!(clearly_other(Kind::Accounts, &h(SF_OPPORTUNITIES)), Some(Kind::Deals));
        assert_eq!(clearly_other(Kind::Accounts, &h(HUBSPOT_DEALS)), Some(Kind::Deals));
        assert_eq!(clearly_other(Kind::Contacts, &h(HUBSPOT_COMPANIES)), Some(Kind::Accounts));
        assert_eq!(clearly_other(Kind::Accounts, &h(HUBSPOT_COMPANIES)), None);
        assert_eq!(clearly_other(Kind::Deals, &h(SF_OPPORTUNITIES)), None);
        assert_eq!(clearly_other(Kind::Contacts, &h(HUBSPOT_CONTACTS)), None);
        assert_eq!(
            clearly_other(Kind::Contacts, &h("account,date,kind,contact,note")),
            Some(Kind::Touchpoints)
        );
        // Radar's own exports: their account column would otherwise pass for a name.
        let contacts = h("account,name,title,role,stance,kp_tier,influence,email,phone,active,last_contact");
        assert_eq!(clearly_other(Kind::Accounts, &contacts), Some(Kind::Contacts));
        assert_eq!(clearly_other(Kind::Requirements, &contacts), Some(Kind::Contacts));
        let outcomes =
            h("account,term_end,outcome,renewed_arr,churn_reason,term_start,term_arr,decided_on,note");
        assert_eq!(clearly_other(Kind::Accounts, &outcomes), Some(Kind::Outcomes));
        assert_eq!(guess(&contacts), Guess::One(Kind::Contacts));
        // A contract register: its name column could be a promise's account, but accounts
        // name far more of it.
        let register = h("client_name,amount,currency,start_date,end_date,salesperson,region");
        assert_eq!(guess(&register), Guess::One(Kind::Accounts));
    }
}
