//! The demo word lists (assets/demo/names.toml).

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Names {
    pub cn_cities: Vec<String>,
    pub cn_brands: Vec<String>,
    pub cn_kinds: Vec<String>,
    pub cn_suffix: Vec<String>,
    pub en_first: Vec<String>,
    pub en_second: Vec<String>,
    pub en_suffix: Vec<String>,
    pub industries: Vec<String>,
    pub regions: Vec<String>,
    pub owners: Vec<String>,
    pub cn_surnames: Vec<String>,
    pub cn_given: Vec<String>,
    pub en_given: Vec<String>,
    pub en_family: Vec<String>,
    pub pain_points: Vec<String>,
    pub why_bought: Vec<String>,
    pub clauses: Vec<String>,
    pub promises: Vec<String>,
    pub requirements: Vec<String>,
    pub complaints: Vec<String>,
    pub notes: Vec<String>,
}

const NAMES_TOML: &str = include_str!("../../assets/demo/names.toml");

impl Names {
    pub fn load() -> Result<Names, toml::de::Error> {
        toml::from_str(NAMES_TOML)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_list_is_non_empty() {
        let n = super::Names::load().unwrap();
        let lists = [
            &n.cn_cities,
            &n.cn_brands,
            &n.cn_kinds,
            &n.cn_suffix,
            &n.en_first,
            &n.en_second,
            &n.en_suffix,
            &n.industries,
            &n.regions,
            &n.owners,
            &n.cn_surnames,
            &n.cn_given,
            &n.en_given,
            &n.en_family,
            &n.pain_points,
            &n.why_bought,
            &n.clauses,
            &n.promises,
            &n.requirements,
            &n.complaints,
            &n.notes,
        ];
        assert!(lists.iter().all(|l| !l.is_empty()));
    }
}
