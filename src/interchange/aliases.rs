//! The header spellings accepted for each field of each kind: canonical names, CRM export
//! labels (Salesforce, HubSpot, Pipedrive, Zoho, Data Loader API names) and the Chinese
//! terms of CSMs and Chinese CRM/ERP templates. Compared folded (`fields::fold_header`).
//! A company's own `Annual Revenue` is deliberately no alias of ARR: it is their turnover,
//! not our contract.
//!
//! Split by file: the accounts file (`accounts`) and the files about an account (`records`),
//! re-exported here; the spellings they share (how a child row names its account) are here.

mod accounts;
mod records;

pub(super) use accounts::ACCOUNTS;
pub(super) use records::{
    CONTACTS, DEALS, OUTCOMES, PROMISES, REFERRALS, REQUIREMENTS, TASKS, TOUCHPOINTS, USAGE,
};

/// `account` in a child file: external id or exact name of the account.
const ACCOUNT: &[&str] = &[
    "account name",
    "account id",
    "accountid",
    "company",
    "company name",
    "customer",
    "customer name",
    "associated company",
    "account external id",
    "client",
    "client name",
    "客户",
    "客户名称",
    "所属客户",
    "公司",
    "公司名称",
    "企业名称",
    "客户编号",
    "单位名称",
    "客户简称",
    "甲方",
    // A customer template's own name column (jshERP's 名称*), repeated by its contact rows.
    "名称",
];

/// A child row's account named by the company's web domain (HubSpot exports).
pub(crate) const DOMAIN: &[&str] =
    &["associated company domain", "company domain name", "company domain", "domain", "公司域名"];

/// A child row's account (and contact) named by a contact's e-mail address.
const CONTACT_EMAIL: &[&str] = &["associated contact email", "contact email", "联系人邮箱"];
const CONTACT_TITLE: &[&str] = &["contact job title", "联系人职位", "联系人职务"];
