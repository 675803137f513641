//! The taxonomy of what Sphere knows about people (`taxonomy.toml`): each category's bin and
//! the reason for it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Sensitivity;

/// One category of personal fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// `children`, `promotion`, `certification`…
    pub id: String,
    pub bin: Sensitivity,
    /// "Children", as the UI shows it.
    pub label: String,
    /// Why the category is in its bin, in a sentence.
    pub rationale: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    category: Vec<Category>,
}

/// Every category, in the file's order (never, then maybe, then fine).
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub categories: Vec<Category>,
}

impl Taxonomy {
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: TaxonomyFile = toml::from_str(text).map_err(|e| format!("taxonomy: {e}"))?;
        let mut seen = std::collections::HashSet::new();
        for c in &file.category {
            if !seen.insert(c.id.as_str()) {
                return Err(format!("taxonomy: category `{}` appears twice", c.id));
            }
        }
        Ok(Self {
            categories: file.category,
        })
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == id)
    }

    pub fn get(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn bin(&self, i: usize) -> Sensitivity {
        self.categories.get(i).map_or(Sensitivity::Fine, |c| c.bin)
    }

    /// The category ids, for error messages.
    pub fn ids(&self) -> String {
        self.categories
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
