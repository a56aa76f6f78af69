//! The header spellings of the files about an account (contacts, promises, requirements,
//! usage, tasks, referrals, touchpoints, outcomes, CRM deals), field by field; each names
//! its account by the shared spellings of `aliases`.

use super::{ACCOUNT, CONTACT_EMAIL, CONTACT_TITLE, DOMAIN};
use crate::interchange::fields::{F, Spec, helper, opt, req};

pub(in crate::interchange) const CONTACTS: &[Spec] = &[
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
            "手机号码",
            "固定电话",
            "座机",
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
    helper(F::AccountDomain, DOMAIN),
];

pub(in crate::interchange) const PROMISES: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Promise, &["commitment", "text", "description", "承诺", "承诺内容", "承诺事项"]),
    opt(F::Due, &["due date", "deadline", "截止日期", "到期", "承诺日期", "兑现日期"]),
    opt(F::Status, &["状态", "兑现状态"]),
    opt(F::MadeBy, &["promised by", "owner", "sales", "承诺人", "销售"]),
    helper(F::AccountDomain, DOMAIN),
    helper(F::ContactEmail, CONTACT_EMAIL),
];

pub(in crate::interchange) const REQUIREMENTS: &[Spec] = &[
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
    helper(F::AccountDomain, DOMAIN),
    helper(F::ContactEmail, CONTACT_EMAIL),
];

pub(in crate::interchange) const USAGE: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Date, &["period end", "snapshot date", "week", "日期", "统计日期", "数据日期"]),
    opt(F::ActiveUsers, &["active", "活跃用户", "活跃用户数", "活跃人数"]),
    opt(F::Seats, &["licenses", "licensed seats", "license count", "席位", "席位数", "账号数", "授权数"]),
    opt(F::Logins, &["login count", "sessions", "登录次数", "登录数"]),
    opt(F::Minutes, &["time online", "usage minutes", "minutes online", "在线时长", "使用时长", "在线分钟"]),
    opt(F::FeaturesUsed, &["used features", "已用功能数", "使用功能数", "功能使用数"]),
    opt(F::FeaturesTotal, &["total features", "features available", "功能总数", "可用功能数"]),
    helper(F::AccountDomain, DOMAIN),
];

/// Follow-up tasks: the account by name or CRM id, the contact by name or e-mail.
pub(in crate::interchange) const TASKS: &[Spec] = &[
    req(F::Account, ACCOUNT),
    // Not "title" or "subject": they name a requirement or a contract's column too, and the
    // kind a file is detected as from its headers must not change. HubSpot's activities
    // export titles its tasks in "Call/Meeting Title/Subject", a header of its own.
    req(
        F::Task,
        &[
            "next step",
            "to do",
            "todo",
            "call/meeting title/subject",
            "任务",
            "跟进任务",
            "下一步",
            "待办事项",
        ],
    ),
    req(F::Due, &["due date", "deadline", "by", "task due date", "截止日期", "到期日期", "到期", "计划日期"]),
    opt(F::Status, &["task status", "状态", "任务状态"]),
    opt(F::DoneOn, &["completed on", "completed date", "完成日期", "完成时间"]),
    opt(F::Contact, &["contact name", "with", "person", "联系人", "对接人"]),
    opt(F::Note, &["notes", "description", "comments", "notes/description", "备注", "说明"]),
    opt(F::ContactTitle, CONTACT_TITLE),
    opt(F::ContactEmail, CONTACT_EMAIL),
    helper(F::AccountDomain, DOMAIN),
    // A CRM's activities export (HubSpot's): only its rows of type "Task" are tasks.
    helper(F::TouchKind, &["activity type"]),
    // Its date of each activity: a completed task's, which has no due date there.
    helper(F::Date, &["activity date"]),
];

/// Referrals (转介绍): the account by name or CRM id, the referring contact by name or
/// e-mail. The prospect's column is required (a dismissed suggestion's cell is empty).
pub(in crate::interchange) const REFERRALS: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Prospect, &["referred to", "referred company", "被介绍客户", "转介绍客户", "被推荐客户"]),
    req(F::Date, &["asked on", "referral date", "日期", "邀请日期", "转介绍日期"]),
    opt(F::Stage, &["referral stage", "阶段", "转介绍阶段"]),
    opt(F::StageOn, &["stage date", "阶段日期"]),
    opt(F::Contact, &["referrer", "referred by", "contact name", "推荐人", "联系人"]),
    opt(F::Note, &["notes", "description", "comments", "备注", "说明"]),
    helper(F::AccountDomain, DOMAIN),
    helper(F::ContactEmail, CONTACT_EMAIL),
];

pub(in crate::interchange) const TOUCHPOINTS: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(F::Date, &["activity date", "date of contact", "日期", "联系日期", "跟进日期", "跟进时间"]),
    opt(F::TouchKind, &["type", "activity type", "channel", "方式", "类型", "联系方式", "跟进方式"]),
    opt(F::Contact, &["contact name", "with", "person", "联系人", "对接人"]),
    opt(
        F::Note,
        &[
            "notes",
            "description",
            "comments",
            "notes/description",
            "call/meeting title/subject",
            "subject",
            "备注",
            "内容",
            "记录",
            "跟进内容",
            "跟进记录",
        ],
    ),
    // Which of two namesakes the contact is (written by the export, so a re-import links
    // the touchpoint to the same person).
    opt(F::ContactTitle, CONTACT_TITLE),
    opt(F::ContactEmail, CONTACT_EMAIL),
    helper(F::AccountDomain, DOMAIN),
    helper(
        F::Result,
        &["call outcome", "meeting outcome", "task status", "activity outcome", "结果", "跟进结果"],
    ),
];

pub(in crate::interchange) const OUTCOMES: &[Spec] = &[
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
    opt(F::ChurnReason, &["reason", "lost reason", "closed lost reason", "流失原因", "原因"]),
    opt(F::TermStart, &["contract start date", "contract start", "start date", "合同开始日期", "开始日期"]),
    opt(F::TermArr, &["arr", "term amount", "contract amount", "年合同额", "合同金额"]),
    opt(F::DecidedOn, &["decided", "decision date", "closed date", "决定日期", "确认日期"]),
    opt(F::Note, &["notes", "comment", "备注", "说明"]),
    // The requirement a churn names (win-back), by title: without it a re-import of the
    // export would not know it, and a file without the column keeps what Radar knows.
    opt(F::ChurnRequirement, &["churn requirement", "lost for requirement", "流失需求"]),
    helper(F::AccountDomain, DOMAIN),
];

/// CRM deals and opportunities (HubSpot deals, Salesforce opportunities, Chinese CRMs' 商机).
pub(in crate::interchange) const DEALS: &[Spec] = &[
    req(F::Account, ACCOUNT),
    req(
        F::DealStage,
        &["deal stage", "stage", "stagename", "opportunity stage", "阶段", "商机阶段", "销售阶段"],
    ),
    req(
        F::CloseDate,
        &[
            "close date",
            "closedate",
            "expected close date",
            "closing date",
            "成交日期",
            "预计成交日期",
            "结单日期",
        ],
    ),
    opt(F::Arr, &["amount", "deal amount", "opportunity amount", "value", "金额", "商机金额", "合同金额"]),
    opt(F::Currency, &["currency code", "currencyisocode", "deal currency", "币种", "货币"]),
    opt(F::Forecast, &["forecast category", "forecastcategory", "forecastcategoryname", "预测类别"]),
    opt(F::ChurnReason, &["closed lost reason", "lost reason", "reason", "输单原因", "丢单原因"]),
    opt(F::Owner, &["deal owner", "opportunity owner", "ownerid", "owner id", "负责人", "销售"]),
    helper(F::AccountDomain, DOMAIN),
    helper(F::ContactEmail, CONTACT_EMAIL),
];
