//! Don't be creepy, as commands: facts about people, the taxonomy, classifying text, the
//! outreach linter and the people export. Never facts leave the core only when the user asks
//! for them, for one person at a time.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Core, Sphere};
use crate::export::ExportFormat;
use sphere_domain::error::ApiError;
use sphere_domain::{Fact, FactInput, Id, Person, PersonRef, validate};
use sphere_sensitivity::lint::{self, Concerned, KnownFact, LintWarning, Recipient};
use sphere_sensitivity::{
    self as sensitivity, Acquaintance, Category, Passage, Sensitivity, Tenure,
};
use sphere_store::{self as store, stats};

pub(crate) const MAYBE_YEARS_KEY: &str = "privacy.maybe_min_years";
pub(crate) const MAYBE_STRENGTH_KEY: &str = "privacy.maybe_min_strength";
/// The range a user may choose for the years of a relationship before maybe facts count.
pub const MAYBE_YEARS_RANGE: (f64, f64) = (0.0, 50.0);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct FactQuery {
    #[ts(type = "number")]
    pub person_id: Id,
    /// Show the values of never facts too (for this one person, when the user asks).
    #[ts(optional)]
    pub reveal_never: Option<bool>,
}

/// A fact with what the taxonomy and the relationship say about using it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FactView {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub person_id: Id,
    pub category: String,
    /// The category's label ("Children").
    pub label: String,
    pub bin: Sensitivity,
    /// Why the category is in its bin.
    pub rationale: String,
    /// The value; `null` for a never fact the user has not asked to see.
    pub value: Option<String>,
    pub source: String,
    pub learned_on: Option<NaiveDate>,
    pub told_by: Option<PersonRef>,
    /// May it be used in outreach to them now (never: no; maybe: depends on the tenure)?
    pub usable: bool,
    /// The answer in words ("known for 6 years, strength 72%: usable with care").
    pub usable_reason: String,
    /// Set when the value reads as more sensitive than its category ("reads as health").
    pub value_warning: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FactList {
    pub person: PersonRef,
    /// Never facts first, then maybe, then fine; oldest first within a bin.
    pub facts: Vec<FactView>,
    /// How many never facts have their value withheld.
    pub hidden_never: u32,
    /// How the user knows them ("known for 3 years, strength 64%"), or that they do not.
    pub relationship: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FactUpdate {
    #[ts(type = "number")]
    pub id: Id,
    pub fact: FactInput,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRequest {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Classification {
    pub passages: Vec<Passage>,
    /// The most sensitive bin found (fine when none).
    pub worst: Sensitivity,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct LintRequest {
    /// Who the draft is to.
    #[ts(type = "number")]
    pub to_person: Id,
    pub text: String,
    /// Treat it as a first contact (default: when the user has no relationship with them, or
    /// one with nothing logged).
    #[ts(optional)]
    pub first_contact: Option<bool>,
    /// The other people the message is about (the person an introduction is asked for, the
    /// target at the end of the path): their never and maybe facts are checked too. Anyone
    /// else the draft names in full ("Bo Buyer") is found and checked without being listed.
    #[ts(optional, type = "Array<number>")]
    pub about: Option<Vec<Id>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LintResult {
    pub to: PersonRef,
    /// Everyone else whose facts the draft was checked against: those in `about`, then those
    /// it names, by id.
    pub about: Vec<PersonRef>,
    pub first_contact: bool,
    pub warnings: Vec<LintWarning>,
    /// "2 things to remove, 1 to reconsider", or "Nothing to fix".
    pub summary: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ExportQuery {
    /// Include this one person's never facts and the never passages of their notes.
    #[ts(optional, type = "number")]
    pub include_never_for: Option<Id>,
    /// The file format of `people_export_file` (default json). `people_export` always answers
    /// with the data itself and accepts only json here.
    #[ts(optional)]
    pub format: Option<ExportFormat>,
}

/// The people export as a file to save: the same never-safe data as `people_export`, written
/// as JSON, vCard 4.0 or CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportFile {
    /// A suggested name (`sphere-people-2026-01-02.vcf`).
    pub file_name: String,
    /// `application/json`, `text/vcard` or `text/csv`.
    pub media_type: String,
    /// The file's contents.
    pub text: String,
    /// How many people it holds.
    pub people: u32,
    /// How many never facts were left out.
    pub never_facts_left_out: u32,
    /// How many other facts and labels were left out because their words read as never
    /// (what they said is not told).
    pub never_text_left_out: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportedFact {
    pub category: String,
    pub bin: Sensitivity,
    pub value: String,
    pub source: String,
    pub learned_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportedPerson {
    /// Notes with their never passages replaced by a marker (unless asked for this person).
    pub person: Person,
    pub organization_name: Option<String>,
    pub facts: Vec<ExportedFact>,
}

/// Everyone, with their facts, for taking elsewhere: never facts and never passages left out
/// unless asked for one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PeopleExport {
    pub exported_at: DateTime<Utc>,
    pub people: Vec<ExportedPerson>,
    /// How many never facts were left out.
    pub never_facts_left_out: u32,
    /// How many facts filed under another category and labels were left out because their
    /// words read as never ("recovering from chemotherapy" filed as a hobby, `pregnant`).
    pub never_text_left_out: u32,
    #[ts(type = "number | null")]
    pub never_included_for: Option<Id>,
}

impl Core {
    pub(super) fn tenure(&self) -> Result<Tenure, ApiError> {
        let d = Tenure::default();
        Ok(Tenure {
            maybe_min_years: stats::number_setting(self.db(), MAYBE_YEARS_KEY)?
                .unwrap_or(d.maybe_min_years),
            maybe_min_strength: stats::number_setting(self.db(), MAYBE_STRENGTH_KEY)?
                .unwrap_or(d.maybe_min_strength),
        })
    }

    /// The user's relationship with `person`: strength, years, and whether anything is logged.
    fn acquaintance(&mut self, person: Id) -> (Acquaintance, bool) {
        self.revalue();
        let me = self.graph.centre();
        self.acquaintance_of(me, person)
    }

    /// [`Core::acquaintance`] for a user `me` already looked up (the graph revalued).
    pub(super) fn acquaintance_of(&self, me: Option<Id>, person: Id) -> (Acquaintance, bool) {
        let Some(me) = me else {
            return (Acquaintance::default(), true);
        };
        match self.graph.acquaintance(me, person) {
            Some((tie, years)) => (
                Acquaintance {
                    years: Some(years.unwrap_or(0.0)),
                    strength: tie.parts.value,
                },
                tie.stats.count == 0 && tie.parts.overridden.is_none(),
            ),
            None => (Acquaintance::default(), me != person),
        }
    }
}

impl Core {
    /// Everyone else a draft to `to` concerns: the people in `about` (each once, not `to`),
    /// then those it names in full, looked up by index (not the user `me`, and not a namesake
    /// of `to` or of someone in `about`: a name that is theirs means them).
    fn concerned(
        &self,
        engine: &sensitivity::Engine,
        text: &str,
        to: &Person,
        about: Option<&[Id]>,
        me: Option<Id>,
    ) -> Result<Vec<Person>, ApiError> {
        let mut others: Vec<Person> = Vec::new();
        for &id in about.unwrap_or_default() {
            let p = store::get_person(self.db(), id).map_err(|_| {
                ApiError::invalid(
                    "about",
                    format!("no person with id {id} to check the draft against"),
                )
            })?;
            if id != to.id && others.iter().all(|o| o.id != id) {
                others.push(p);
            }
        }
        let candidates = lint::name_candidates(engine, text);
        let pairs: Vec<(&str, &str)> = candidates
            .iter()
            .map(|c| (c.first.as_str(), c.last.as_str()))
            .collect();
        let meant: Vec<String> = std::iter::once(to)
            .chain(&others)
            .map(|p| p.display_name.to_lowercase())
            .collect();
        for (id, first, last) in store::people_named(self.db(), &pairs)? {
            let namesake = meant.contains(&Person::display_name_of(&first, &last).to_lowercase());
            if !namesake && Some(id) != me && others.iter().all(|o| o.id != id) {
                others.push(store::get_person(self.db(), id)?);
            }
        }
        Ok(others)
    }
}

fn relationship_words(known: Acquaintance) -> String {
    match known.years {
        None => "no relationship with you yet".into(),
        Some(y) => format!(
            "known for {}, strength {:.0}%",
            if y < 1.0 {
                "less than a year".to_string()
            } else {
                sensitivity::years_words(y)
            },
            known.strength * 100.0
        ),
    }
}

/// Texts to classify or lint may be long (a note of a few thousand words), not unbounded.
pub const MAX_TEXT_CHARS: usize = 200_000;

fn check_length(field: &str, text: &str) -> Result<(), ApiError> {
    let n = text.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(ApiError::invalid(
            field,
            format!("{field} is {n} characters long; the limit is {MAX_TEXT_CHARS}"),
        ));
    }
    Ok(())
}

fn validate_fact(input: &FactInput) -> Result<validate::CleanFact, ApiError> {
    let clean = validate::fact(input)?;
    sensitivity::category(clean.category())?;
    Ok(clean)
}

impl Sphere {
    /// Every category of the taxonomy, with its bin and the reason for it.
    pub fn fact_categories(&self, _: super::Empty) -> Result<Vec<Category>, ApiError> {
        Ok(sensitivity::engine()?.taxonomy.categories.clone())
    }

    pub fn fact_list(&self, q: FactQuery) -> Result<FactList, ApiError> {
        let mut core = self.store()?;
        let person = store::person_ref(core.db(), q.person_id)?;
        let (known, _) = core.acquaintance(q.person_id);
        let tenure = core.tenure()?;
        let facts = store::list_facts(core.db(), q.person_id)?;
        let reveal = q.reveal_never.unwrap_or(false);
        let mut views = facts
            .into_iter()
            .map(|f| fact_view(core.db(), f, known, tenure, reveal))
            .collect::<Result<Vec<_>, _>>()?;
        views.sort_by_key(|v| (v.bin, v.id));
        let hidden_never = views.iter().filter(|v| v.value.is_none()).count() as u32;
        Ok(FactList {
            person,
            facts: views,
            hidden_never,
            relationship: relationship_words(known),
        })
    }

    /// Records a fact. The answer shows its value (the user just typed it).
    pub fn fact_create(&self, input: FactInput) -> Result<FactView, ApiError> {
        let clean = validate_fact(&input)?;
        let mut core = self.store()?;
        let fact = core.store.write(|tx| Ok(store::insert_fact(tx, &clean)?))?;
        let (known, _) = core.acquaintance(fact.person_id);
        let tenure = core.tenure()?;
        fact_view(core.db(), fact, known, tenure, true)
    }

    pub fn fact_update(&self, req: FactUpdate) -> Result<FactView, ApiError> {
        let clean = validate_fact(&req.fact)?;
        let mut core = self.store()?;
        let old = store::get_fact(core.db(), req.id)?;
        if old.person_id != clean.person_id() {
            return Err(ApiError::invalid(
                "person_id",
                format!(
                    "fact {} is about person {}; a fact stays with its person (record a new one for person {})",
                    req.id,
                    old.person_id,
                    clean.person_id()
                ),
            ));
        }
        let fact = core
            .store
            .write(|tx| Ok(store::update_fact(tx, req.id, &clean)?))?;
        let (known, _) = core.acquaintance(fact.person_id);
        let tenure = core.tenure()?;
        fact_view(core.db(), fact, known, tenure, true)
    }

    /// One fact as stored, for the CLI's `fact edit` (not a command: lists are how the UI
    /// reads facts, so never values leave only on an explicit reveal).
    pub fn fact_by_id(&self, id: Id) -> Result<Fact, ApiError> {
        Ok(store::get_fact(self.store()?.db(), id)?)
    }

    /// Deletes a fact; the answer holds it whole, so the UI can offer to undo.
    pub fn fact_delete(&self, req: super::IdRequest) -> Result<Fact, ApiError> {
        Ok(self
            .store()?
            .store
            .write(|tx| Ok(store::delete_fact(tx, req.id)?))?)
    }

    /// The sensitive passages of a text (a note, a draft), with their category and span.
    pub fn text_classify(&self, req: ClassifyRequest) -> Result<Classification, ApiError> {
        check_length("text", &req.text)?;
        let passages = sensitivity::classify_text(&req.text)?;
        Ok(Classification {
            worst: sensitivity::worst(&passages),
            passages,
        })
    }

    /// Lints a draft to one person against the never and maybe facts of everyone it concerns
    /// (the recipient, the people in `about`, anyone it names in full) and the rules of a
    /// first contact.
    pub fn draft_lint(&self, req: LintRequest) -> Result<LintResult, ApiError> {
        check_length("text", &req.text)?;
        self.store()?.lint(req)
    }

    /// Everyone with their facts and notes, never facts and never passages left out unless
    /// asked for one person.
    pub fn people_export(&self, q: ExportQuery) -> Result<PeopleExport, ApiError> {
        if let Some(f) = q.format.filter(|f| *f != ExportFormat::Json) {
            return Err(ApiError::invalid(
                "format",
                format!(
                    "people_export answers with the data itself (json); use people_export_file for {f}"
                ),
            ));
        }
        self.store()?.export_view(&q)
    }

    /// The people export as a file in `format` (json, vcard or csv), from the same never-safe
    /// view as [`Sphere::people_export`].
    pub fn people_export_file(&self, q: ExportQuery) -> Result<ExportFile, ApiError> {
        let format = q.format.unwrap_or(ExportFormat::Json);
        let (export, linkedin) = {
            let core = self.store()?;
            let export = core.export_view(&q)?;
            let linkedin = store::bulk::keys_of(core.db(), sphere_import::contacts::KEY_LINKEDIN)?
                .into_iter()
                .map(|(key, person)| (person, key))
                .collect();
            (export, linkedin)
        };
        let extras = crate::export::Extras { linkedin };
        let text = crate::export::write(format, &export, &extras)?;
        Ok(ExportFile {
            file_name: format!(
                "sphere-people-{}.{}",
                export.exported_at.format("%Y-%m-%d"),
                format.extension()
            ),
            media_type: format.media_type().to_string(),
            text,
            people: export.people.len() as u32,
            never_facts_left_out: export.never_facts_left_out,
            never_text_left_out: export.never_text_left_out,
        })
    }
}

impl Core {
    /// Everyone with their facts and notes: the never-safe view every people export is
    /// written from. Never facts and never passages are left out unless asked for one person.
    fn export_view(&self, q: &ExportQuery) -> Result<PeopleExport, ApiError> {
        let conn = self.db();
        if let Some(id) = q.include_never_for {
            store::get_person(conn, id).map_err(|_| {
                ApiError::invalid("include_never_for", format!("no person with id {id}"))
            })?;
        }
        let engine = sensitivity::engine()?;
        let mut facts = store::all_facts(conn)?.into_iter().peekable();
        let mut people = Vec::new();
        let mut left_out = 0u32;
        let mut text_left_out = 0u32;
        for mut person in store::all_people(conn)? {
            let reveal = q.include_never_for == Some(person.id);
            let mut mine = Vec::new();
            while let Some(f) = facts.next_if(|f| f.person_id <= person.id) {
                if f.person_id != person.id {
                    continue;
                }
                let bin = engine
                    .taxonomy
                    .get(&f.category)
                    .map_or(Sensitivity::Never, |c| c.bin);
                if bin == Sensitivity::Never && !reveal {
                    left_out += 1;
                    continue;
                }
                // Filed under another category, its words may still say something never.
                if !reveal && sensitivity::reads_as_never(&f.value)? {
                    text_left_out += 1;
                    continue;
                }
                let source = if reveal {
                    f.source
                } else {
                    sensitivity::redact_never(&f.source)?
                };
                mine.push(ExportedFact {
                    category: f.category,
                    bin,
                    value: f.value,
                    source,
                    learned_on: f.learned_on,
                });
            }
            if !reveal {
                person.notes = sensitivity::redact_never(&person.notes)?;
                let before = person.tags.len();
                let mut tags = Vec::with_capacity(before);
                for t in std::mem::take(&mut person.tags) {
                    if !sensitivity::reads_as_never(&t)? {
                        tags.push(t);
                    }
                }
                text_left_out += (before - tags.len()) as u32;
                person.tags = tags;
            }
            let organization_name = person
                .organization_id
                .map(|o| store::get_organization(conn, o).map(|o| o.name))
                .transpose()?;
            people.push(ExportedPerson {
                person,
                organization_name,
                facts: mine,
            });
        }
        Ok(PeopleExport {
            exported_at: Utc::now(),
            people,
            never_facts_left_out: left_out,
            never_text_left_out: text_left_out,
            never_included_for: q.include_never_for,
        })
    }
}

fn fact_view(
    conn: sphere_store::Db<'_>,
    f: Fact,
    known: Acquaintance,
    tenure: Tenure,
    reveal_never: bool,
) -> Result<FactView, ApiError> {
    let engine = sensitivity::engine()?;
    // A category that left the taxonomy is treated as never, the safe side.
    let (label, bin, rationale) = match engine.taxonomy.get(&f.category) {
        Some(c) => (c.label.clone(), c.bin, c.rationale.clone()),
        None => (
            f.category.clone(),
            Sensitivity::Never,
            "a category Sphere no longer knows; treated as never".into(),
        ),
    };
    let (usable, usable_reason) = sensitivity::usable(bin, known, tenure);
    let passages = sensitivity::classify_text(&f.value)?;
    let worst = sensitivity::worst(&passages);
    let value_warning = (worst < bin).then(|| {
        let p = passages
            .iter()
            .find(|p| p.bin == worst)
            .map_or(String::new(), |p| p.label.to_lowercase());
        format!("the value reads as {p} ({worst}), more sensitive than its category")
    });
    let hidden = bin == Sensitivity::Never && !reveal_never;
    let told_by = f.told_by.map(|t| store::person_ref(conn, t)).transpose()?;
    Ok(FactView {
        id: f.id,
        person_id: f.person_id,
        category: f.category,
        label,
        bin,
        rationale,
        value: (!hidden).then_some(f.value),
        // Where a never fact was learned can say as much as the fact ("at her chemo session").
        source: if hidden { String::new() } else { f.source },
        learned_on: f.learned_on,
        told_by,
        usable,
        usable_reason,
        value_warning,
        created_at: f.created_at,
        updated_at: f.updated_at,
    })
}

impl Core {
    /// [`Sphere::draft_lint`] under the lock the caller holds (sending a referral request
    /// lints the message it sends, in the same lock as the send).
    pub(crate) fn lint(&mut self, req: LintRequest) -> Result<LintResult, ApiError> {
        let engine = sensitivity::engine()?;
        let to = store::person_ref(self.db(), req.to_person).map_err(|_| {
            ApiError::invalid(
                "to_person",
                format!("no person with id {} to write to", req.to_person),
            )
        })?;
        let person = store::get_person(self.db(), req.to_person)?;
        let tenure = self.tenure()?;
        self.revalue();
        let me = self.graph.centre();
        let (known, nothing_logged) = self.acquaintance_of(me, req.to_person);

        let others = self.concerned(engine, &req.text, &person, req.about.as_deref(), me)?;

        // Warnings name the others by first name, or in full where one shares the recipient's
        // or another's (the recipient keeps their first name: greetings use it).
        let first = |p: &Person| p.first_name.to_lowercase();
        let shared = |p: &Person| {
            std::iter::once(&person)
                .chain(&others)
                .filter(|o| first(o) == first(p))
                .count()
                > 1
        };
        let name = |p: &Person| {
            if shared(p) {
                p.display_name.clone()
            } else {
                p.first_name.clone()
            }
        };
        let facts_of = |id: Id| -> Result<Vec<KnownFact>, ApiError> {
            Ok(store::list_facts(self.db(), id)?
                .into_iter()
                .map(|f| KnownFact {
                    category: f.category,
                    value: f.value,
                })
                .collect())
        };
        // Their title and employer are public: a draft that names them is not using a fact.
        let public_of = |p: &Person| -> Result<Vec<String>, ApiError> {
            let mut out: Vec<String> = Vec::new();
            if !p.title.trim().is_empty() {
                out.push(p.title.clone());
            }
            if let Some(org) = p.organization_id {
                out.push(store::get_organization(self.db(), org)?.name);
            }
            Ok(out)
        };
        let about = others
            .iter()
            .map(|p| {
                Ok(Concerned {
                    name: name(p),
                    facts: facts_of(p.id)?,
                    known: self.acquaintance_of(me, p.id).0,
                    public: public_of(p)?,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let first_contact = req
            .first_contact
            .unwrap_or(known.years.is_none() || nothing_logged);
        let recipient = Recipient {
            first_name: person.first_name.clone(),
            facts: facts_of(req.to_person)?,
            known,
            first_contact,
            public: public_of(&person)?,
        };
        let warnings = lint::lint(engine, &req.text, &recipient, &about, tenure);
        let about = others
            .iter()
            .map(|p| store::person_ref(self.db(), p.id))
            .collect::<Result<Vec<_>, _>>()?;
        let remove = warnings
            .iter()
            .filter(|w| w.severity == lint::Severity::Remove)
            .count();
        let warn = warnings
            .iter()
            .filter(|w| w.severity == lint::Severity::Warn)
            .count();
        let caution = warnings.len() - remove - warn;
        let mut parts = Vec::new();
        if remove > 0 {
            parts.push(format!("{remove} to remove"));
        }
        if warn > 0 {
            parts.push(format!("{warn} to reconsider"));
        }
        if caution > 0 {
            parts.push(format!("{caution} to use with care"));
        }
        Ok(LintResult {
            to,
            about,
            first_contact,
            summary: if parts.is_empty() {
                "Nothing to fix".into()
            } else {
                parts.join(", ")
            },
            warnings,
        })
    }
}
