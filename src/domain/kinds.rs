//! Every closed set of values in the PLAYBOOK, as typed enums (see `choice.rs`).
//! Aliases cover CRM export spellings and the PLAYBOOK's Chinese terms.

use super::choice::choice;

choice! {
    /// Account size tier; drives cadence and risk (PLAYBOOK §1, §9).
    Tier "tier" {
        Ka = "ka" ["key account", "key", "kaaccount", "重点客户", "战略客户"],
        Large = "large" ["enterprise", "big", "大客户", "大型"],
        Mid = "mid" ["medium", "midmarket", "mid market", "中型", "中客户"],
        Small = "small" ["smb", "小型", "小客户"],
        Micro = "micro" ["tiny", "微型", "微客户"],
    }
}

choice! {
    /// Lifecycle stage (PLAYBOOK §3).
    Stage "stage" {
        Handover = "handover" ["交接"],
        Onboarding = "onboarding" ["implementation", "实施交付", "启用期", "实施"],
        Adoption = "adoption" ["growth", "内部推广", "成长期"],
        Mature = "mature" ["steady", "steady use", "稳定使用", "成熟期"],
        Renewal = "renewal" ["expansion", "续约", "续费期"],
        Churned = "churned" ["lost", "流失", "已流失"],
    }
}

choice! {
    /// The CSM's own renewal call.
    Forecast "forecast" {
        WillRenew = "will_renew" ["commit", "yes", "会续约"],
        Likely = "likely" ["best case", "probable", "可能续约"],
        AtRisk = "at_risk" ["risk", "有风险"],
        WillChurn = "will_churn" ["no", "lost", "会流失"],
    }
}

choice! {
    /// How far a reference account (标杆案例, PLAYBOOK §13) has come: chosen from the
    /// candidates, its needs researched, a plan agreed, the case written, then promoted.
    ReferenceStage "reference stage" {
        Chosen = "chosen" ["selected", "已选定", "选定"],
        Researched = "researched" ["research", "needs researched", "需求调研", "已调研"],
        Plan = "plan" ["planned", "方案", "已定方案"],
        CaseWritten = "case_written" ["written", "case", "案例成文", "案例已写"],
        Promoted = "promoted" ["published", "已宣传", "宣传"],
    }
}

choice! {
    /// A person's role in the decision chain (PLAYBOOK §4, §5).
    Role "role" {
        Initiator = "initiator" ["project initiator", "项目发起人", "发起人"],
        DecisionMaker = "decision_maker" ["dm", "decider", "决策人"],
        Influencer = "influencer" ["影响者"],
        Admin = "admin" ["administrator", "system admin", "管理员"],
        User = "user" ["end user", "用户", "使用者"],
        Finance = "finance" ["cashier", "财务"],
        It = "it" ["IT", "技术"],
        Other = "other" ["其他"],
    }
}

choice! {
    /// A person's attitude towards us.
    Stance "stance" {
        Supporter = "supporter" ["champion", "支持者", "支持"],
        Neutral = "neutral" ["中立"],
        Opponent = "opponent" ["detractor", "反对者", "反对"],
        Unknown = "unknown" ["", "未知"],
    }
}

choice! {
    /// Key-person tier (PLAYBOOK §5).
    KpTier "kp_tier" {
        Tier1 = "1" ["tier1", "t1", "一级", "一级关键人"],
        Tier2 = "2" ["tier2", "t2", "二级", "二级关键人"],
    }
}

choice! {
    /// How much a person can move the decision.
    Influence "influence" {
        High = "high" ["高"],
        Medium = "medium" ["med", "中"],
        Low = "low" ["低"],
    }
}

choice! {
    /// State of a promise (PLAYBOOK §6).
    PromiseStatus "promise status" {
        // Not 未兑现: that is the dashboard's own zh-CN label of `broken`, read back as such.
        Open = "open" ["pending", "进行中"],
        Kept = "kept" ["done", "delivered", "已兑现"],
        Broken = "broken" ["missed", "未履行", "违约"],
        Withdrawn = "withdrawn" ["pulled back", "retracted", "已撤回"],
    }
}

choice! {
    /// Requirement category (PLAYBOOK §7).
    ReqCategory "requirement category" {
        Feature = "feature" ["功能"],
        Customisation = "customisation" ["customization", "custom", "定制"],
        Integration = "integration" ["对接", "集成"],
        Bug = "bug" ["defect", "缺陷"],
        Service = "service" ["服务"],
    }
}

choice! {
    /// Requirement priority level.
    ReqLevel "requirement level" {
        P0 = "p0" ["0", "critical"],
        P1 = "p1" ["1", "high"],
        P2 = "p2" ["2", "medium"],
        P3 = "p3" ["3", "low"],
    }
}

choice! {
    /// The closed loop of a requirement (PLAYBOOK §7).
    ReqStatus "requirement status" {
        Collected = "collected" ["new", "已收集"],
        Analysed = "analysed" ["analyzed", "已分析"],
        Submitted = "submitted" ["submitted to product", "已提交"],
        Scheduled = "scheduled" ["planned", "已排期"],
        Delivered = "delivered" ["shipped", "已交付"],
        Closed = "closed" ["done", "已闭环", "已关闭"],
        Rejected = "rejected" ["declined", "won't do", "已拒绝"],
    }
}

choice! {
    /// How bad a complaint is.
    Severity "severity" {
        Low = "low" ["低"],
        Medium = "medium" ["中"],
        High = "high" ["高"],
    }
}

choice! {
    /// Cause category of a complaint (PLAYBOOK §8).
    ComplaintCause "complaint cause" {
        Product = "product" ["产品"],
        Service = "service" ["服务"],
        Billing = "billing" ["账单", "费用"],
        Outage = "outage" ["故障"],
        Other = "other" ["其他"],
    }
}

choice! {
    /// Kind of contact with the customer.
    TouchKind "touchpoint kind" {
        Visit = "visit" ["onsite", "拜访"],
        Call = "call" ["phone", "电话"],
        Message = "message" ["chat", "wechat", "im", "消息"],
        Email = "email" ["mail", "邮件"],
        Review = "review" ["qbr", "business review", "ebr", "业务回顾"],
        // The customer thanked or praised us: a good moment to ask for a referral.
        Praise = "praise" ["thanks", "thank-you", "感谢", "表扬"],
        Other = "other" ["其他"],
    }
}

choice! {
    /// Why an account churned (PLAYBOOK §12).
    ChurnReason "churn reason" {
        ProjectDropped = "project_dropped" ["项目取消"],
        CompanyClosed = "company_closed" ["倒闭", "公司倒闭"],
        Regulation = "regulation" ["industry restriction", "行业限制", "政策"],
        ProductFit = "product_fit" ["not a fit", "产品不匹配"],
        Competitor = "competitor" ["竞品", "选择竞品"],
        Price = "price" ["价格"],
        Service = "service" ["服务"],
        Other = "other" ["其他"],
    }
}

choice! {
    /// The factor a churn reason belongs to (PLAYBOOK §12).
    ChurnFactor "churn factor" {
        Customer = "customer" ["客户"],
        Product = "product" ["产品"],
        Service = "service" ["服务"],
    }
}

impl ChurnReason {
    /// PLAYBOOK §12 groups reasons by factor.
    pub fn factor(self) -> ChurnFactor {
        match self {
            ChurnReason::ProjectDropped
            | ChurnReason::CompanyClosed
            | ChurnReason::Regulation
            | ChurnReason::Other => ChurnFactor::Customer,
            ChurnReason::ProductFit | ChurnReason::Competitor | ChurnReason::Price => ChurnFactor::Product,
            ChurnReason::Service => ChurnFactor::Service,
        }
    }
}

impl Tier {
    /// Small and micro accounts renew at half the rate of large ones (PLAYBOOK §1).
    pub fn is_small(self) -> bool {
        matches!(self, Tier::Small | Tier::Micro)
    }
}

impl PromiseStatus {
    pub fn is_open(self) -> bool {
        self == PromiseStatus::Open
    }
}

impl ReqStatus {
    /// The next step along the closed loop, or `None` at its end.
    pub fn next(self) -> Option<ReqStatus> {
        use ReqStatus::*;
        match self {
            Collected => Some(Analysed),
            Analysed => Some(Submitted),
            Submitted => Some(Scheduled),
            Scheduled => Some(Delivered),
            Delivered => Some(Closed),
            Closed | Rejected => None,
        }
    }

    /// Still in the loop (not closed with feedback, not rejected).
    pub fn is_open(self) -> bool {
        !matches!(self, ReqStatus::Closed | ReqStatus::Rejected)
    }

    /// Allowed moves: one step forward, or a rejection from any open state.
    pub fn can_move_to(self, to: ReqStatus) -> bool {
        (to == ReqStatus::Rejected && self.is_open()) || self.next() == Some(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::choice::Choice;
    use proptest::prelude::*;

    fn any_status() -> impl Strategy<Value = ReqStatus> {
        proptest::sample::select(ReqStatus::ALL)
    }

    proptest! {
        // A requirement's status only moves along allowed transitions: forward by one or to rejected.
        #[test]
        fn requirement_moves_only_forward_or_to_rejected(from in any_status(), to in any_status()) {
            let allowed = from.can_move_to(to);
            let forward_one = ReqStatus::ALL.iter().position(|s| *s == to)
                == ReqStatus::ALL.iter().position(|s| *s == from).map(|i| i + 1)
                && to != ReqStatus::Rejected;
            prop_assert_eq!(allowed, from.is_open() && (forward_one || to == ReqStatus::Rejected));
        }

        #[test]
        fn walking_next_always_reaches_closed(start in any_status()) {
            let mut s = start;
            let mut steps = 0;
            while let Some(n) = s.next() { prop_assert!(s.can_move_to(n)); s = n; steps += 1; }
            prop_assert!(steps <= 5);
            prop_assert!(!s.is_open());
        }
    }

    #[test]
    fn every_churn_reason_has_a_factor() {
        assert_eq!(ChurnReason::Price.factor(), ChurnFactor::Product);
        assert_eq!(ChurnReason::Service.factor(), ChurnFactor::Service);
        assert_eq!(ChurnReason::CompanyClosed.factor(), ChurnFactor::Customer);
    }

    #[test]
    fn chinese_aliases_parse() {
        assert_eq!(Role::parse("决策人").unwrap(), Role::DecisionMaker);
        assert_eq!(Stance::parse("反对者").unwrap(), Stance::Opponent);
        assert_eq!(KpTier::parse("一级关键人").unwrap(), KpTier::Tier1);
        assert_eq!(ReqLevel::parse("P0").unwrap(), ReqLevel::P0);
    }
}
