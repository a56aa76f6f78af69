//! Whether an accounts file's amount column is annual or each contract's total. A header
//! that says "annual" (`ARR`, `ACV`, `年合同额`) is an ARR; one that says "total"
//! (`合同总额`, `TCV`) is a total (`F::ContractTotal`, annualised over the term). A bare
//! `amount` or `合同金额` says neither, except in a contract register — a file whose rows
//! are contracts, each with its number (`contract_no`, `合同编号`): there a contract's
//! amount is the contract's total. Anything else is read as the ARR, and the import warns
//! about rows whose term is not a year (it cannot tell; `--map` settles it).

use super::fields::{F, fold_header};
use super::header::Mapping;

/// Headers (folded prefixes) that say an amount is annual.
const ANNUAL: &[&str] = &[
    "arr",
    "annualrecurringrevenue",
    "annualcontractvalue",
    "acv",
    "年合同额",
    "年度合同额",
    "年费",
    "年度经常性收入",
];

/// Headers of a contract's number: the rows of the file are contracts.
const CONTRACT_NUMBER: &[&str] =
    &["contract no", "contract number", "contract id", "contract code", "合同编号", "合同号", "合同编码"];

/// Does `header` say its amount is annual?
fn annual(header: &str) -> bool {
    let h = fold_header(header);
    ANNUAL.iter().any(|a| h.starts_with(&fold_header(a)))
}

impl Mapping {
    /// Reads the accounts file's amount column as above. `explicit`: is a column mapped
    /// with `--map` (or a saved mapping, the dashboard's picks): taken at its word.
    pub(super) fn read_amount(&mut self, headers: &[String], explicit: &dyn Fn(usize) -> bool) {
        let Some(col) = self.columns[F::Arr as usize] else { return };
        if explicit(col) || annual(&headers[col]) {
            return;
        }
        let number = headers
            .iter()
            .find(|h| CONTRACT_NUMBER.iter().any(|n| fold_header(n) == fold_header(h)))
            .cloned();
        let free =
            self.columns[F::ContractTotal as usize].is_none() && self.columns[F::Mrr as usize].is_none();
        match number {
            Some(number) if free => {
                self.columns[F::ContractTotal as usize] = self.columns[F::Arr as usize].take();
                for (f, _) in self.fallbacks.iter_mut().filter(|(f, _)| *f == F::Arr) {
                    *f = F::ContractTotal;
                }
                self.register = Some((headers[col].clone(), number));
            }
            _ => self.unclear_arr = Some(headers[col].clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::fields::Kind;
    use crate::interchange::header::MapSpec;

    fn map(headers: &str, spec: &[&str]) -> Mapping {
        let h: Vec<String> = headers.split(',').map(str::to_string).collect();
        let spec: Vec<String> = spec.iter().map(|s| s.to_string()).collect();
        Mapping::new(Kind::Accounts, &h, &MapSpec::parse(Kind::Accounts, &spec).unwrap())
    }

    #[test]
    fn a_register_s_amount_is_the_contract_total() {
        let m = map("contract_no,client_name,amount,start_date,end_date", &[]);
        assert_eq!(m.columns[F::ContractTotal as usize], Some(2));
        assert_eq!(m.columns[F::Arr as usize], None);
        assert_eq!(m.register, Some(("amount".into(), "contract_no".into())));
        let m = map("合同编号,客户名称,合同金额,到期日", &[]);
        assert_eq!(m.columns[F::ContractTotal as usize], Some(2));
    }

    #[test]
    fn without_a_contract_number_the_amount_is_unclear() {
        let m = map("client_name,amount,end_date", &[]);
        assert_eq!(m.columns[F::Arr as usize], Some(1));
        assert_eq!(m.unclear_arr.as_deref(), Some("amount"));
        assert_eq!(m.register, None);
    }

    #[test]
    fn annual_headers_and_mapped_columns_are_arr() {
        for h in ["ARR", "ARR (USD)", "年合同额", "ACV", "Annual Recurring Revenue"] {
            let m = map(&format!("contract_no,name,{h},end_date"), &[]);
            assert_eq!(m.columns[F::Arr as usize], Some(2), "{h}");
            assert_eq!((m.register.clone(), m.unclear_arr.clone()), (None, None), "{h}");
        }
        let m = map("contract_no,client_name,amount,end_date", &["amount=arr"]);
        assert_eq!(m.columns[F::Arr as usize], Some(2));
        assert_eq!((m.register, m.unclear_arr), (None, None));
        let m = map("client_name,合同总额,end_date", &[]);
        assert_eq!(m.columns[F::ContractTotal as usize], Some(1));
        assert_eq!(m.columns[F::Arr as usize], None);
    }
}
