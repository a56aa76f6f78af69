//! `radar calibrate` and the metrics view's calibration section share this scan: every
//! account streamed once (`Store::scan_facts`), its closed terms scored at the lead time.

use crate::domain::calibrate::{self, Calibration, Skipped};
use crate::domain::owner::OwnerFilter;
use crate::domain::risk::RiskConfig;
use crate::store::{Parts, Result, Store};

/// The calibration of the accounts of `owner` at `lead_days` before each renewal.
pub fn calibrate(
    store: &Store,
    lead_days: u32,
    cfg: &RiskConfig,
    owner: &OwnerFilter,
) -> Result<Calibration> {
    let (mut samples, mut skipped) = (Vec::new(), Skipped::default());
    store.scan_facts(Parts::SCORING, |f| {
        if owner.covers_account(&f.account) {
            calibrate::samples(&f, lead_days, cfg, &mut samples, &mut skipped);
        }
        Ok(())
    })?;
    Ok(calibrate::calibrate(lead_days, &samples, skipped))
}
