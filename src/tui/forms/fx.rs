//! The exchange-rate form of the metrics view (`set_fx_rate`): what `radar fx set` does.
//! Not an `Edit`: a rate is no record of an account and is not undone with `u`; the
//! worker saves it (`Effect::SetFxRate`) and the dashboard reloads, converted.

use super::FormKind;
use super::field::FieldKey as F;
use super::parse::Values;
use crate::domain::Currency;
use crate::domain::dates::Facing;
use crate::domain::money::{FxRate, FxValue};
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;

/// A new rate into `base` (the reporting currency), from today.
pub fn open(ui: &Ui, base: Currency) -> Form {
    let fields = vec![
        Field::text(F::Currency, "").required(),
        Field::text(F::Rate, "").required(),
        Field::date(F::RateFrom, Facing::Either, Some(ui.today)).required(),
        Field::text(F::Base, base.code()).required(),
    ];
    Form::new(ui.t("edit.title.fx_rate"), FormKind::FxRate, fields)
}

/// The rate typed, or None with the reasons next to the fields.
pub fn submit(form: &mut Form, ui: &Ui) -> Option<FxRate> {
    let mut v = Values::new(form, ui);
    let code = |v: &mut Values, key: F| {
        let text = v.text(key);
        match Currency::named(&text) {
            Ok(c) if c.is_iso() => Some(c),
            Ok(c) => {
                v.fail(key, ui.tf("edit.error.currency_not_iso", &[("value", c.code())]));
                None
            }
            Err(_) if text.trim().is_empty() => None,
            Err(_) => {
                v.fail(key, ui.tf("edit.error.currency_code", &[("value", &text)]));
                None
            }
        }
    };
    let currency = code(&mut v, F::Currency);
    let base = code(&mut v, F::Base);
    let text = v.text(F::Rate);
    let rate = match FxValue::parse(&text) {
        Ok(r) => Some(r),
        Err(_) if text.trim().is_empty() => None,
        Err(_) => {
            v.fail(F::Rate, ui.tf("edit.error.fx_rate", &[("value", &text)]));
            None
        }
    };
    let from = v.date(F::RateFrom);
    if let (Some(c), Some(b)) = (currency, base)
        && c == b
    {
        v.fail(F::Base, ui.tf("edit.error.fx_same", &[("currency", c.code())]));
    }
    if !v.ok() {
        return None;
    }
    FxRate::new(currency?, base?, from, rate?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form refuses what `radar fx set` refuses: three letters that are no currency.
    #[test]
    fn a_code_that_is_not_iso_4217_is_named_and_nothing_saved() {
        let ui = Ui::for_tests(crate::i18n::Lang::En);
        let mut form = open(&ui, Currency::CNY);
        form.field_mut(F::Currency).unwrap().input.set("XYZ");
        form.field_mut(F::Rate).unwrap().input.set("7.1");
        assert_eq!(submit(&mut form, &ui), None);
        let err = form.field(F::Currency).unwrap().error.clone().unwrap_or_default();
        assert!(err.contains("'XYZ' is not an ISO 4217 currency code"), "{err}");
        form.field_mut(F::Currency).unwrap().input.set("usd");
        assert!(submit(&mut form, &ui).is_some_and(|r| r.currency == Currency::USD));
        // Named as `radar fx set` and `report --currency` name them: RMB and ¥ are CNY.
        form.field_mut(F::Currency).unwrap().input.set("€");
        form.field_mut(F::Base).unwrap().input.set("RMB");
        let r = submit(&mut form, &ui).expect("€ in RMB");
        assert_eq!((r.currency, r.base), (Currency::EUR, Currency::CNY));
    }
}
