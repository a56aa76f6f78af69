//! What each KIND of file holds: its fields (DESIGN.md "CSV columns"), which are required,
//! and the header spellings accepted for each — canonical names, CRM export names
//! (Salesforce, HubSpot) and the Chinese terms CSMs use. Headers are compared folded
//! (lower case, without spaces, `_`, `-`), so "Renewal Date", "renewal_date" and
//! "RENEWAL-DATE" are one header.

use crate::domain::choice::fold_token;
use crate::domain::dates::Facing;

/// The kinds of file `radar import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Accounts,
    Contacts,
    Promises,
    Requirements,
    Usage,
    Touchpoints,
    Outcomes,
    /// The lossless JSON export.
    Json,
}

impl Kind {
    /// The CSV kinds, in the order a full import must run (children after accounts,
    /// outcomes last because they may add terms).
    pub const CSV: [Kind; 7] = [
        Kind::Accounts,
        Kind::Contacts,
        Kind::Promises,
        Kind::Requirements,
        Kind::Usage,
        Kind::Touchpoints,
        Kind::Outcomes,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Accounts => "accounts",
            Kind::Contacts => "contacts",
            Kind::Promises => "promises",
            Kind::Requirements => "requirements",
            Kind::Usage => "usage",
            Kind::Touchpoints => "touchpoints",
            Kind::Outcomes => "outcomes",
            Kind::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        Kind::CSV.into_iter().chain([Kind::Json]).find(|k| k.id() == s)
    }

    /// The fields of a CSV kind, in export column order (required ones first).
    pub fn fields(self) -> &'static [Spec] {
        match self {
            Kind::Accounts => ACCOUNTS,
            Kind::Contacts => CONTACTS,
            Kind::Promises => PROMISES,
            Kind::Requirements => REQUIREMENTS,
            Kind::Usage => USAGE,
            Kind::Touchpoints => TOUCHPOINTS,
            Kind::Outcomes => OUTCOMES,
            Kind::Json => &[],
        }
    }

    /// The field a header names in this kind, if any.
    pub fn field_for_header(self, header: &str) -> Option<F> {
        let folded = fold_header(header);
        self.fields().iter().find(|s| s.matches(&folded)).map(|s| s.field)
    }

    /// The field called `name` (canonical name only), for `--map`.
    pub fn field_named(self, name: &str) -> Option<F> {
        let folded = fold_header(name);
        self.fields().iter().find(|s| fold_header(s.field.name()) == folded).map(|s| s.field)
    }
}

/// Folds a header for matching; also drops a trailing `*` (templates mark required columns)
/// and surrounding brackets or colons some exports add.
pub fn fold_header(h: &str) -> String {
    let h = h.trim().trim_end_matches(['*', ':', '：']).trim();
    fold_token(h)
}

macro_rules! fields {
    ($($v:ident = $name:literal),+ $(,)?) => {
        /// Every field of every kind (the canonical CSV column names).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum F { $($v),+ }
        impl F {
            /// How many fields there are (for arrays indexed by `F as usize`).
            pub const COUNT: usize = [$(F::$v),+].len();
            pub fn name(self) -> &'static str { match self { $(F::$v => $name),+ } }
        }
    };
}

fields! {
    Name = "name", Arr = "arr", RenewalDate = "renewal_date", ExternalId = "external_id",
    Industry = "industry", Tier = "tier", Region = "region", Owner = "owner", Currency = "currency",
    ContractStart = "contract_start", Stage = "stage", TargetFit = "target_fit",
    ActivatedOn = "activated_on", Forecast = "forecast",
    Account = "account", FirstName = "first_name", LastName = "last_name", Title = "title",
    Role = "role", Stance = "stance", KpTier = "kp_tier", Influence = "influence", Email = "email",
    Phone = "phone", Active = "active", LastContact = "last_contact",
    Promise = "promise", Due = "due", Status = "status", MadeBy = "made_by",
    Category = "category", Level = "level", RaisedOn = "raised_on", Requester = "requester",
    Date = "date", ActiveUsers = "active_users", Seats = "seats", Logins = "logins",
    Minutes = "minutes", FeaturesUsed = "features_used", FeaturesTotal = "features_total",
    TouchKind = "kind", Contact = "contact", Note = "note",
    TermEnd = "term_end", Outcome = "outcome", RenewedArr = "renewed_arr", ChurnReason = "churn_reason",
    TermStart = "term_start", TermArr = "term_arr", DecidedOn = "decided_on",
}

impl F {
    /// Which way the field's dates look, as in the forms: a past-facing date (something
    /// that happened) after today is refused. Files only hold dates with a year, so the
    /// facing never has to resolve a short date here. An activation date may be planned
    /// (a go-live next month: the demo and CRM exports have them), so it faces either way.
    pub fn facing(self) -> Facing {
        match self {
            F::LastContact | F::RaisedOn | F::Date | F::DecidedOn => Facing::Past,
            F::RenewalDate | F::Due => Facing::Future,
            _ => Facing::Either,
        }
    }
}

/// One field of a kind: whether a file must have it, and its accepted headers.
#[derive(Debug)]
pub struct Spec {
    pub field: F,
    pub required: bool,
    /// Written to CSV exports (helper fields such as first/last name are import-only).
    pub exported: bool,
    pub aliases: &'static [&'static str],
}

impl Spec {
    fn matches(&self, folded: &str) -> bool {
        fold_header(self.field.name()) == folded || self.aliases.iter().any(|a| fold_header(a) == folded)
    }
}

const fn req(field: F, aliases: &'static [&'static str]) -> Spec {
    Spec { field, required: true, exported: true, aliases }
}
const fn opt(field: F, aliases: &'static [&'static str]) -> Spec {
    Spec { field, required: false, exported: true, aliases }
}
const fn helper(field: F, aliases: &'static [&'static str]) -> Spec {
    Spec { field, required: false, exported: false, aliases }
}

/// `account` in a child file: external id or exact name of the account.
const ACCOUNT: &[&str] = &[
    "account name",
    "account id",
    "company",
    "company name",
    "customer",
    "customer name",
    "associated company",
    "account external id",
    "客户",
    "客户名称",
    "所属客户",
    "公司",
    "公司名称",
    "企业名称",
    "客户编号",
];

const ACCOUNTS: &[Spec] = &[
    req(
        F::Name,
        &[
            "account name",
            "account",
            "company",
            "company name",
            "customer",
            "customer name",
            "organization",
            "客户名称",
            "客户",
            "客户名",
            "公司名称",
            "公司",
            "企业名称",
            "名称",
        ],
    ),
    req(
        F::Arr,
        &[
            "annual recurring revenue",
            "annual contract value",
            "acv",
            "contract value",
            "contract amount",
            "subscription amount",
            "recurring revenue amount",
            "年合同额",
            "年度合同额",
            "合同金额",
            "合同额",
            "年费",
            "年费金额",
            "续费金额",
        ],
    ),
    req(
        F::RenewalDate,
        &[
            "renewal",
            "contract end date",
            "contract end",
            "end date",
            "expiry date",
            "expiration date",
            "subscription end date",
            "next renewal date",
            "到期日",
            "到期日期",
            "合同到期日",
            "合同结束日期",
            "续约日期",
            "续费日期",
            "续约日",
            "到期时间",
        ],
    ),
    opt(
        F::ExternalId,
        &[
            "id",
            "record id",
            "account id",
            "customer id",
            "crm id",
            "company id",
            "外部编号",
            "客户编号",
            "客户id",
            "编号",
            "客户代码",
        ],
    ),
    opt(F::Industry, &["行业", "所属行业", "industry type"]),
    opt(
        F::Tier,
        &[
            "segment",
            "customer tier",
            "account tier",
            "size",
            "客户等级",
            "客户分级",
            "客户级别",
            "等级",
            "分级",
        ],
    ),
    opt(
        F::Region,
        &["territory", "sales region", "billing state/province", "区域", "地区", "大区", "所属区域"],
    ),
    opt(
        F::Owner,
        &[
            "account owner",
            "company owner",
            "csm",
            "customer success manager",
            "success manager",
            "负责人",
            "客户成功经理",
            "客户经理",
            "客户负责人",
            "所有人",
        ],
    ),
    opt(F::Currency, &["currency code", "account currency", "币种", "货币", "币别"]),
    opt(
        F::ContractStart,
        &[
            "contract start date",
            "start date",
            "subscription start date",
            "合同开始日期",
            "合同开始日",
            "开始日期",
            "签约日期",
            "合同生效日",
        ],
    ),
    opt(F::Stage, &["customer stage", "lifecycle", "阶段", "客户阶段", "生命周期阶段", "生命周期"]),
    opt(F::TargetFit, &["target customer", "icp", "icp fit", "ideal customer", "目标客户", "是否目标客户"]),
    opt(
        F::ActivatedOn,
        &[
            "activation date",
            "activated",
            "go live date",
            "go-live date",
            "启用日期",
            "激活日期",
            "上线日期",
            "启用日",
        ],
    ),
    opt(F::Forecast, &["renewal forecast", "forecast category", "续约预测", "预测", "续约判断"]),
];

const CONTACTS: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Name, &["full name", "contact name", "contact", "姓名", "联系人", "联系人姓名", "名字"]),
    opt(F::Title, &["job title", "position", "职位", "职务", "岗位", "头衔"]),
    opt(F::Role, &["contact role", "buying role", "角色", "决策链角色", "决策角色"]),
    opt(F::Stance, &["attitude", "sentiment", "态度", "立场"]),
    opt(F::KpTier, &["kp", "key person", "key person tier", "关键人", "关键人等级", "kp等级", "关键人级别"]),
    opt(F::Influence, &["influence level", "影响力"]),
    opt(F::Email, &["email address", "e-mail", "mail", "邮箱", "电子邮件", "邮件", "电子邮箱"]),
    opt(
        F::Phone,
        &[
            "phone number",
            "mobile",
            "mobile phone",
            "mobile phone number",
            "电话",
            "手机",
            "手机号",
            "联系电话",
        ],
    ),
    opt(F::Active, &["still there", "status active", "在职", "是否在职"]),
    opt(
        F::LastContact,
        &[
            "last contacted",
            "last activity date",
            "last activity",
            "最近联系",
            "最后联系日期",
            "上次联系",
            "最近联系日期",
        ],
    ),
    helper(F::FirstName, &["first name", "given name", "名"]),
    helper(F::LastName, &["last name", "surname", "family name", "姓"]),
];

const PROMISES: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Promise, &["commitment", "text", "description", "承诺", "承诺内容", "承诺事项"]),
    opt(F::Due, &["due date", "deadline", "截止日期", "到期", "承诺日期", "兑现日期"]),
    opt(F::Status, &["状态", "兑现状态"]),
    opt(F::MadeBy, &["promised by", "owner", "sales", "承诺人", "销售"]),
];

const REQUIREMENTS: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Title, &["requirement", "subject", "summary", "需求", "需求标题", "需求名称", "标题"]),
    opt(F::Category, &["type", "requirement type", "类别", "分类", "需求类型", "类型"]),
    opt(F::Level, &["priority", "优先级", "级别", "等级"]),
    opt(F::Status, &["状态", "需求状态"]),
    opt(
        F::RaisedOn,
        &["raised", "created date", "created", "date raised", "提出日期", "创建日期", "提出时间"],
    ),
    opt(F::Requester, &["requested by", "raised by", "提出人", "需求人", "需求提出人"]),
];

const USAGE: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Date, &["period end", "snapshot date", "week", "日期", "统计日期", "数据日期"]),
    opt(F::ActiveUsers, &["active", "活跃用户", "活跃用户数", "活跃人数"]),
    opt(F::Seats, &["licenses", "licensed seats", "license count", "席位", "席位数", "账号数", "授权数"]),
    opt(F::Logins, &["login count", "sessions", "登录次数", "登录数"]),
    opt(F::Minutes, &["time online", "usage minutes", "minutes online", "在线时长", "使用时长", "在线分钟"]),
    opt(F::FeaturesUsed, &["used features", "已用功能数", "使用功能数", "功能使用数"]),
    opt(F::FeaturesTotal, &["total features", "features available", "功能总数", "可用功能数"]),
];

const TOUCHPOINTS: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Date, &["activity date", "date of contact", "日期", "联系日期", "跟进日期"]),
    opt(F::TouchKind, &["type", "activity type", "channel", "方式", "类型", "联系方式", "跟进方式"]),
    opt(F::Contact, &["contact name", "with", "person", "联系人", "对接人"]),
    opt(F::Note, &["notes", "description", "comments", "备注", "内容", "记录", "跟进内容", "跟进记录"]),
];

const OUTCOMES: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(
        F::TermEnd,
        &[
            "contract end date",
            "contract end",
            "renewal date",
            "end date",
            "到期日",
            "合同到期日",
            "到期日期",
        ],
    ),
    req(F::Outcome, &["result", "renewal outcome", "结果", "续约结果"]),
    opt(F::RenewedArr, &["new arr", "renewal amount", "renewed amount", "续约金额", "续费金额", "新合同额"]),
    opt(F::ChurnReason, &["reason", "lost reason", "流失原因", "原因"]),
    opt(F::TermStart, &["contract start date", "contract start", "start date", "合同开始日期", "开始日期"]),
    opt(F::TermArr, &["arr", "term amount", "contract amount", "年合同额", "合同金额"]),
    opt(F::DecidedOn, &["decided", "decision date", "closed date", "决定日期", "确认日期"]),
    opt(F::Note, &["notes", "comment", "备注", "说明"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_folded_aliases_and_crm_names() {
        let a = Kind::Accounts;
        assert_eq!(a.field_for_header("Renewal Date"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("RENEWAL-DATE"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("客户名称"), Some(F::Name));
        assert_eq!(a.field_for_header("年合同额"), Some(F::Arr));
        assert_eq!(a.field_for_header("到期日"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("Account Name"), Some(F::Name));
        assert_eq!(a.field_for_header("Company name"), Some(F::Name));
        assert_eq!(a.field_for_header("Record ID"), Some(F::ExternalId));
        assert_eq!(a.field_for_header("Contract End Date"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("name*"), Some(F::Name));
        assert_eq!(a.field_for_header("Annual Revenue"), None, "company revenue is not ARR");
        assert_eq!(Kind::Contacts.field_for_header("Account Name"), Some(F::Account));
    }

    #[test]
    fn no_header_means_two_fields_in_one_kind() {
        for kind in Kind::CSV {
            let mut seen = std::collections::HashMap::new();
            for s in kind.fields() {
                for h in std::iter::once(s.field.name()).chain(s.aliases.iter().copied()) {
                    if let Some(other) = seen.insert(fold_header(h), s.field) {
                        assert_eq!(
                            other,
                            s.field,
                            "{}: '{h}' names both {other:?} and {:?}",
                            kind.id(),
                            s.field
                        );
                    }
                }
            }
        }
    }
}
