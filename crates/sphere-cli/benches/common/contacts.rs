//! Generated address books for the benches (deterministic): the import bench and the vault
//! bench import the same 30,000-connection LinkedIn export.

#![allow(dead_code)]

pub const FIRST: &[&str] = &[
    "Ana", "Priya", "Jordan", "Mei", "Chris", "Zoë", "Rahul", "Grace", "Tomás", "Kwame", "Sofia",
    "Liam", "Jürgen", "Renée", "Oliver", "Amelia", "Aroha", "Björn", "Émilie", "Siobhán",
    "Nomvula", "Hiroshi", "Fatima", "Mateo", "Olu",
];
pub const LAST: &[&str] = &[
    "Silva",
    "Nayak",
    "Lee",
    "Tanaka",
    "Müller",
    "Mehta",
    "O'Connor",
    "García-López",
    "Mensah",
    "Rossi",
    "Byrne",
    "Schäfer",
    "Dubois",
    "Hughes",
    "Clarke",
    "Ngata",
    "Åström",
    "Durand",
    "Okafor",
    "Nguyễn",
    "Kowalski",
    "Haddad",
    "Petrov",
    "Santos",
    "Chen",
];
pub const TITLES: &[&str] = &[
    "VP Sales",
    "Account Executive",
    "Head of Procurement",
    "CFO",
    "Solutions Architect",
    "Director of Programs",
    "Chief of Staff",
];
pub const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A small deterministic generator (no dependency on the order of a random crate's output).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() as usize) % list.len()]
    }
}

pub fn company(i: u64) -> String {
    let suffix = ["Inc.", "LLC", "GmbH", "Ltd", "", "Corp."][(i % 6) as usize];
    format!("Company {} {suffix}", i % 3_000).trim().to_string()
}

pub fn linkedin(rows: usize) -> String {
    let mut r = Lcg(7);
    let mut out = String::from(
        "Notes:\n\"When exporting your connection data, you may notice that some of the email \
         addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..rows {
        let (f, l) = (r.pick(FIRST), r.pick(LAST));
        let email = if r.next() % 10 < 3 {
            format!("{}.{i}@example.com", f.to_lowercase())
        } else {
            String::new()
        };
        let c = company(r.next());
        out.push_str(&format!(
            "{f},{l},https://www.linkedin.com/in/{}-{i},{email},\"{c}\",{},{:02} {} {}\n",
            f.to_lowercase(),
            r.pick(TITLES),
            1 + r.next() % 28,
            r.pick(MONTHS),
            2010 + r.next() % 16
        ));
        if i % 97 == 0 {
            out.push_str(",,,,,,03 Jan 2024\n");
        }
    }
    out
}

/// A new database file at `path` (encrypted with `passphrase` when given) holding only the
/// user, as an import expects.
pub fn fresh(
    path: &std::path::Path,
    passphrase: Option<&str>,
) -> Result<sphere_api::Sphere, sphere_api::ApiError> {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let s = sphere_api::Sphere::open_with(
        path,
        sphere_api::OpenOptions {
            passphrase,
            ..Default::default()
        },
    )?;
    s.person_create(sphere_api::domain::PersonInput {
        first_name: "Dana".into(),
        last_name: Some("Reyes".into()),
        ring: Some(sphere_api::domain::Ring::Centre),
        ..Default::default()
    })?;
    Ok(s)
}
