//! Organizations and the people who work there (or on their own), each with a ring.

use std::collections::HashSet;

use super::names::{
    CHAMPION_TITLES, CONSULTING_SUFFIXES, DECISION_TITLES, FIRST_NAMES, GENERAL_NOTES,
    INDEPENDENT_TITLES, INDUSTRIES, INNER_NOTES, INVESTOR_TITLES, LAST_NAMES, LOCATIONS, ME_NOTES,
    ORG_STEMS, OWN_NOTES, OWN_SUFFIXES, OWN_TITLES, PARTNER_TITLES, PERSONAL_DOMAINS,
    PROSPECT_NOTES, STAFF_TITLES, TLDS, VENTURE_SUFFIXES,
};
use super::{Gen, PlannedOrg, PlannedPerson, Role, fill, slug};
use sphere_domain::OrganizationInput;
use sphere_domain::Ring;

/// How many people each ring gets, the centre excluded.
struct Quota {
    inner: usize,
    outer: usize,
    beyond: usize,
}

pub(super) fn generate(g: &mut Gen) -> (Vec<PlannedOrg>, Vec<PlannedPerson>) {
    let mut orgs = organizations(g);
    let total = g.count(285, 315);
    let others = total - 1;
    let inner = (others as f64 * g.float(0.12, 0.14)).round() as usize;
    let beyond = (others as f64 * g.float(0.33, 0.37)).round() as usize;
    let quota = Quota {
        inner,
        outer: others - inner - beyond,
        beyond,
    };
    let mut gen_people = PeopleGen {
        g,
        people: Vec::new(),
        names: HashSet::new(),
    };
    gen_people.populate(&mut orgs, &quota);
    (orgs, gen_people.people)
}

fn organizations(g: &mut Gen) -> Vec<PlannedOrg> {
    let n = g.count(36, 44);
    let mut roles = vec![Role::Own, Role::FormerEmployer, Role::FormerEmployer];
    roles.extend([Role::Investor; 2]);
    let partners = g.count(4, 5);
    roles.extend(std::iter::repeat_n(Role::Partner, partners));
    let customers = g.count(12, 14);
    roles.extend(std::iter::repeat_n(Role::Customer, customers));
    let targets = g.count(5, 6);
    roles.extend(std::iter::repeat_n(Role::Target, targets));
    let other = g.count(3, 5);
    roles.extend(std::iter::repeat_n(Role::Other, other));
    let prospects = n.saturating_sub(roles.len());
    roles.extend(std::iter::repeat_n(Role::Prospect, prospects));

    // The user's own company first; the rest in no particular order.
    if let Some(rest) = roles.get_mut(1..) {
        rand::seq::SliceRandom::shuffle(rest, &mut g.rng);
    }
    let mut stems: Vec<&str> = ORG_STEMS.to_vec();
    rand::seq::SliceRandom::shuffle(stems.as_mut_slice(), &mut g.rng);
    roles
        .into_iter()
        .zip(stems)
        .map(|(role, stem)| {
            let (industry, suffix) = match role {
                Role::Own => ("Software", g.pick(OWN_SUFFIXES)),
                Role::Investor => ("Venture Capital", g.pick(VENTURE_SUFFIXES)),
                Role::Partner if g.chance(0.7) => ("Consulting", g.pick(CONSULTING_SUFFIXES)),
                _ => {
                    let (industry, suffixes) = g.pick(INDUSTRIES);
                    (industry, g.pick(suffixes))
                }
            };
            let name = format!("{stem} {suffix}");
            let tld = if industry == "Software" && g.chance(0.5) {
                "io"
            } else {
                g.pick(TLDS)
            };
            let domain = if g.chance(0.5) {
                format!("{}.{tld}", slug(stem))
            } else {
                let first_word = suffix.split(' ').next().unwrap_or(suffix);
                format!("{}{}.{tld}", slug(stem), slug(first_word))
            };
            let sizes: &[&str] = match role {
                Role::Own => &["51-200"],
                Role::Investor => &["11-50", "1-10"],
                Role::Partner => &["11-50", "51-200", "201-1000"],
                Role::Target => &["1001-5000", "5001-10000", "10001+"],
                Role::Customer => &["201-1000", "1001-5000", "5001-10000", "51-200"],
                _ => &["11-50", "51-200", "201-1000", "1001-5000", "5001-10000"],
            };
            let (location, phone_prefix) = g.pick(LOCATIONS);
            PlannedOrg {
                org: OrganizationInput {
                    name,
                    domain: Some(domain),
                    industry: Some(industry.to_string()),
                    size: Some(g.pick(sizes).to_string()),
                    location: Some(location.to_string()),
                },
                role,
                phone_prefix,
                members: Vec::new(),
            }
        })
        .collect()
}

struct PeopleGen<'a> {
    g: &'a mut Gen,
    people: Vec<PlannedPerson>,
    names: HashSet<String>,
}

impl PeopleGen<'_> {
    fn populate(&mut self, orgs: &mut [PlannedOrg], quota: &Quota) {
        let n_orgs = orgs.len();
        // Some organizations loom larger in the user's world than others.
        let size: Vec<f64> = (0..n_orgs).map(|_| self.g.pareto(1.5, 6.0)).collect();
        let weight = |role_weight: fn(Role) -> f64| -> Vec<f64> {
            orgs.iter()
                .zip(&size)
                .map(|(o, s)| role_weight(o.role) * s)
                .collect()
        };

        // Inner: only customers.
        let mut inner = vec![0usize; n_orgs];
        let customers: Vec<usize> = (0..n_orgs)
            .filter(|&o| orgs[o].role == Role::Customer)
            .collect();
        for &o in &customers {
            inner[o] = 1;
        }
        let w = weight(|r| if r == Role::Customer { 1.0 } else { 0.0 });
        self.spread(&mut inner, quota.inner.saturating_sub(customers.len()), &w);

        // Outer: minimums by role, the rest spread; independents fill the gap.
        let mut outer: Vec<usize> = Vec::with_capacity(n_orgs);
        for org in orgs.iter() {
            outer.push(match org.role {
                Role::Own => self.g.count(9, 12),
                Role::FormerEmployer => self.g.count(2, 4),
                Role::Investor => self.g.count(1, 2),
                Role::Partner => self.g.count(2, 4),
                Role::Customer | Role::Prospect | Role::Other => 1,
                Role::Target => 0,
            });
        }
        let independent_outer = self.g.count(10, 14);
        let placed: usize = outer.iter().sum::<usize>() + independent_outer;
        let w = weight(|r| match r {
            Role::Customer => 2.0,
            Role::Prospect => 1.6,
            Role::Partner | Role::Other => 0.8,
            Role::Own | Role::FormerEmployer => 0.2,
            Role::Investor | Role::Target => 0.0,
        });
        self.spread(&mut outer, quota.outer.saturating_sub(placed), &w);

        // Beyond: every target has some; the rest mostly at customers and prospects.
        let mut beyond: Vec<usize> = orgs
            .iter()
            .map(|o| if o.role == Role::Target { 2 } else { 0 })
            .collect();
        let independent_beyond = self.g.count(4, 6);
        let placed: usize = beyond.iter().sum::<usize>() + independent_beyond;
        let w = weight(|r| match r {
            Role::Customer | Role::Prospect | Role::Target => 2.0,
            Role::Other => 1.0,
            Role::Partner | Role::FormerEmployer => 0.5,
            Role::Investor => 0.3,
            Role::Own => 0.0,
        });
        self.spread(&mut beyond, quota.beyond.saturating_sub(placed), &w);

        self.me(orgs);
        for (o, org) in orgs.iter_mut().enumerate() {
            for (ring, n) in [
                (Ring::Inner, inner[o]),
                (Ring::Outer, outer[o]),
                (Ring::Beyond, beyond[o]),
            ] {
                for k in 0..n {
                    let index = self.person(Some((o, &*org)), ring, k);
                    org.members.push(index);
                }
            }
        }
        for (ring, n) in [
            (Ring::Outer, independent_outer),
            (Ring::Beyond, independent_beyond),
        ] {
            for k in 0..n {
                self.person(None, ring, k);
            }
        }
    }

    /// Adds `extra` units to `counts`, each to an index drawn by `weights`.
    fn spread(&mut self, counts: &mut [usize], extra: usize, weights: &[f64]) {
        for _ in 0..extra {
            let i = self.g.weighted(weights);
            if let Some(c) = counts.get_mut(i) {
                *c += 1;
            }
        }
    }

    fn unique_name(&mut self) -> (String, String) {
        loop {
            let first = self.g.pick(FIRST_NAMES);
            let last = self.g.pick(LAST_NAMES);
            if first != last && self.names.insert(format!("{first} {last}")) {
                return (first.to_string(), last.to_string());
            }
        }
    }

    /// The user at the centre: a sales rep at the first organization.
    fn me(&mut self, orgs: &mut [PlannedOrg]) {
        let (first, last) = self.unique_name();
        let Some(own) = orgs.first_mut() else {
            return;
        };
        let email = format!(
            "{}.{}@{}",
            slug(&first),
            slug(&last),
            own.org.domain.as_deref().unwrap_or_default()
        );
        let phone = format!("{} {:04}", own.phone_prefix, self.g.int(100, 9999));
        self.people.push(PlannedPerson {
            first,
            last,
            emails: vec![email],
            phones: vec![phone],
            title: "Senior Account Executive".into(),
            org: Some(0),
            ring: Ring::Centre,
            tags: Vec::new(),
            notes: ME_NOTES.into(),
        });
        own.members.push(0);
    }

    /// Adds the `k`-th person of `ring` at `org` (or on their own) and returns their index.
    fn person(&mut self, org: Option<(usize, &PlannedOrg)>, ring: Ring, k: usize) -> usize {
        let (first, last) = self.unique_name();
        let role = org.map(|(_, o)| o.role);
        let title = self.title(role, ring, k);
        let mut tags = Vec::new();
        let decides = DECISION_TITLES.contains(&title.as_str())
            || matches!(
                title.as_str(),
                "Chief Executive Officer" | "Managing Partner" | "General Partner"
            );
        if decides {
            tags.push("decision-maker".to_string());
        }
        if role == Some(Role::Customer) && ring == Ring::Inner && !decides && self.g.chance(0.5) {
            tags.push("champion".into());
        }
        if role == Some(Role::Investor) || title == "Angel Investor" {
            tags.push("investor".into());
        }

        let (first_slug, last_slug) = (slug(&first), slug(&last));
        let mut emails = Vec::new();
        let mut phones = Vec::new();
        let year = self.g.recent_year();
        let org_name = org.map_or("", |(_, o)| o.org.name.as_str());
        match org {
            Some((_, o)) => {
                emails.push(format!(
                    "{first_slug}.{last_slug}@{}",
                    o.org.domain.as_deref().unwrap_or_default()
                ));
                if ring != Ring::Beyond && self.g.chance(0.08) {
                    let personal = self.g.pick(PERSONAL_DOMAINS);
                    emails.push(format!("{first_slug}{last_slug}@{personal}"));
                }
                if self
                    .g
                    .chance(if ring == Ring::Beyond { 0.15 } else { 0.45 })
                {
                    let n = self.g.int(100, 9999);
                    phones.push(format!("{} {n:04}", o.phone_prefix));
                }
            }
            None => {
                if ring != Ring::Beyond || self.g.chance(0.5) {
                    let personal = self.g.pick(PERSONAL_DOMAINS);
                    emails.push(format!("{first_slug}.{last_slug}@{personal}"));
                }
                if ring != Ring::Beyond && self.g.chance(0.6) {
                    let (_, prefix) = self.g.pick(LOCATIONS);
                    let n = self.g.int(100, 9999);
                    phones.push(format!("{prefix} {n:04}"));
                }
            }
        }

        let notes: &[&str] = match (role, ring) {
            (_, Ring::Beyond) => &[],
            (Some(Role::Customer), Ring::Inner) => INNER_NOTES,
            (Some(Role::Prospect), _) => PROSPECT_NOTES,
            (Some(Role::Own), _) => OWN_NOTES,
            _ => GENERAL_NOTES,
        };
        let p_note = if ring == Ring::Inner { 0.5 } else { 0.25 };
        let notes = if !notes.is_empty() && self.g.chance(p_note) {
            let template = self.g.pick(notes);
            fill(template, org_name, year)
        } else {
            String::new()
        };

        self.people.push(PlannedPerson {
            first,
            last,
            emails,
            phones,
            title,
            org: org.map(|(o, _)| o),
            ring,
            tags,
            notes,
        });
        self.people.len() - 1
    }

    /// A job title fitting the organization's role; the first people of a ring are senior.
    fn title(&mut self, role: Option<Role>, ring: Ring, k: usize) -> String {
        let title = match (role, ring) {
            (Some(Role::Own), _) => OWN_TITLES
                .get(k)
                .copied()
                .unwrap_or_else(|| self.g.pick(STAFF_TITLES)),
            (Some(Role::Customer), Ring::Inner) if k == 0 => self.g.pick(DECISION_TITLES),
            (Some(Role::Customer), Ring::Inner) => {
                if self.g.chance(0.2) {
                    self.g.pick(DECISION_TITLES)
                } else {
                    self.g.pick(CHAMPION_TITLES)
                }
            }
            (Some(Role::Target | Role::Prospect), Ring::Beyond) if k == 0 => {
                self.g.pick(DECISION_TITLES)
            }
            (Some(Role::Prospect), Ring::Outer) if self.g.chance(0.4) => {
                self.g.pick(DECISION_TITLES)
            }
            (Some(Role::Prospect | Role::Customer | Role::Target), _) => {
                if self.g.chance(0.35) {
                    self.g.pick(CHAMPION_TITLES)
                } else {
                    self.g.pick(STAFF_TITLES)
                }
            }
            (Some(Role::Partner), _) => self.g.pick(PARTNER_TITLES),
            (Some(Role::Investor), _) => self.g.pick(INVESTOR_TITLES),
            (Some(Role::FormerEmployer | Role::Other), _) => {
                if self.g.chance(0.2) {
                    self.g.pick(DECISION_TITLES)
                } else {
                    self.g.pick(STAFF_TITLES)
                }
            }
            (None, _) => self.g.pick(INDEPENDENT_TITLES),
        };
        title.to_string()
    }
}
