//! Which of a report's amounts are known: an amount all of whose renewals were left out
//! for want of an exchange rate is not known (text "n/a", JSON `null`), never 0. The whole
//! report's amounts were so only when no renewal due converted; one EUR renewal among 94
//! yuan ones then made every amount "€0", the at-risk ARR among them, where ¥17M was at
//! risk (CSM trial, session 31).

/// One of the report's period amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Every renewal due.
    Due,
    /// Those with an outcome by today.
    Decided,
    /// The renewed (their new ARR).
    Renewed,
    /// Those still without an outcome.
    Pending,
    /// The pending ones at risk or critical.
    AtRisk,
    /// The renewed and the pending (the forecast's amount).
    Forecast,
}

impl Figure {
    pub const ALL: [Figure; 6] =
        [Figure::Due, Figure::Decided, Figure::Renewed, Figure::Pending, Figure::AtRisk, Figure::Forecast];
}

/// How many renewals an amount counts, and how many of them were left out (no rate).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counted {
    pub renewals: u32,
    pub left_out: u32,
}

impl Counted {
    pub(super) fn add(&mut self, left_out: bool) {
        self.renewals += 1;
        self.left_out += u32::from(left_out);
    }

    /// Some renewals, every one of them left out.
    pub fn unknown(self) -> bool {
        self.renewals > 0 && self.left_out == self.renewals
    }
}

/// The renewals behind each amount the builder counts by renewal (`Due` is the report's
/// own `due_count` and `other_currency_count`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub decided: Counted,
    pub renewed: Counted,
    pub pending: Counted,
    pub at_risk: Counted,
}

impl Coverage {
    pub(super) fn of(&self, f: Figure) -> Option<Counted> {
        match f {
            Figure::Due => None,
            Figure::Decided => Some(self.decided),
            Figure::Renewed => Some(self.renewed),
            Figure::Pending => Some(self.pending),
            Figure::AtRisk => Some(self.at_risk),
            Figure::Forecast => Some(Counted {
                renewals: self.renewed.renewals + self.pending.renewals,
                left_out: self.renewed.left_out + self.pending.left_out,
            }),
        }
    }
}
