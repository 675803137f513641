//! Word lists for the demo network: names, organizations, titles, places and phrases.
//! Everything here is invented; any resemblance to real people or companies is accidental.

#[rustfmt::skip]
pub const FIRST_NAMES: &[&str] = &[
    "Aaliyah", "Adam", "Adriana", "Ahmed", "Aisha", "Alejandro", "Alex", "Alice", "Amara",
    "Amir", "Ana", "Andrea", "Andrew", "Anika", "Anna", "Arjun", "Ben", "Bianca", "Brandon",
    "Caleb", "Camila", "Carlos", "Caroline", "Charlotte", "Chen", "Chloe", "Christopher",
    "Claire", "Daniel", "Daniela", "David", "Deepa", "Diego", "Dmitri", "Elena", "Eli",
    "Elijah", "Elizabeth", "Emeka", "Emily", "Emma", "Eric", "Ethan", "Fatima", "Felix",
    "Fiona", "Gabriel", "Grace", "Hannah", "Hassan", "Helen", "Hiroshi", "Ian", "Ines",
    "Isaac", "Isabel", "Ivan", "Jack", "James", "Jasmine", "Javier", "Jennifer", "Jessica",
    "Joanna", "Jonathan", "Jordan", "Jose", "Julia", "Julian", "Karen", "Kenji", "Kevin",
    "Kofi", "Laila", "Laura", "Leah", "Leon", "Liam", "Lina", "Lucas", "Lucia", "Madison",
    "Maria", "Marcus", "Mark", "Martin", "Maya", "Mei", "Michael", "Miguel", "Mina", "Mohammed",
    "Naomi", "Natalie", "Nathan", "Nia", "Nikhil", "Noah", "Nora", "Oliver", "Olivia", "Omar",
    "Owen", "Paul", "Pedro", "Priya", "Rachel", "Rafael", "Rahul", "Rebecca", "Ricardo",
    "Robert", "Rosa", "Ryan", "Samantha", "Samuel", "Sara", "Sean", "Sebastian", "Sofia",
    "Sophie", "Stephen", "Sunita", "Tanya", "Thomas", "Tomas", "Valentina", "Victor",
    "Vikram", "William", "Xavier", "Yara", "Yusuf", "Zara", "Zoe",
];

#[rustfmt::skip]
pub const LAST_NAMES: &[&str] = &[
    "Abbott", "Adeyemi", "Alvarez", "Anderson", "Bailey", "Banerjee", "Barnes", "Becker",
    "Bennett", "Bianchi", "Brennan", "Brooks", "Campbell", "Carter", "Castillo", "Chen",
    "Clarke", "Coleman", "Collins", "Cooper", "Costa", "Dasgupta", "Davies", "Delgado",
    "Dubois", "Edwards", "Ellis", "Evans", "Fischer", "Fitzgerald", "Flores", "Foster",
    "Garcia", "Gonzalez", "Graham", "Greene", "Gupta", "Hall", "Hansen", "Harper", "Hayes",
    "Hernandez", "Hoffman", "Holt", "Hughes", "Ibrahim", "Iyer", "Jackson", "Jansen",
    "Jensen", "Johnson", "Kaplan", "Kelly", "Kennedy", "Khan", "Kim", "Kowalski", "Kumar",
    "Larsen", "Lee", "Lopez", "Marsh", "Martin", "Mendoza", "Meyer", "Mitchell", "Moreau",
    "Morgan", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "Okafor", "Oliveira",
    "Olsen", "Ortiz", "Owens", "Park", "Patel", "Pereira", "Perez", "Peterson", "Phillips",
    "Price", "Quinn", "Ramirez", "Reed", "Reyes", "Richter", "Rivera", "Roberts", "Romano",
    "Rossi", "Russo", "Sanchez", "Santos", "Schmidt", "Schneider", "Scott", "Shah", "Silva",
    "Singh", "Sokolov", "Sullivan", "Suzuki", "Tanaka", "Taylor", "Thompson", "Torres",
    "Turner", "Vargas", "Vogel", "Walker", "Wallace", "Wang", "Ward", "Watanabe", "Weber",
    "Whitaker", "Williams", "Wong", "Wright", "Yamamoto", "Young", "Zhang", "Zimmerman",
];

/// First words of organization names.
#[rustfmt::skip]
pub const ORG_STEMS: &[&str] = &[
    "Northwind", "Bluepeak", "Harborview", "Ironwood", "Silverline", "Clearwater", "Redstone",
    "Greenfield", "Summit Ridge", "Brightwater", "Oakridge", "Stonebridge", "Westbrook",
    "Eastgate", "Pinecrest", "Riverbend", "Highland", "Lakeshore", "Meridian", "Cobalt",
    "Granite", "Evergreen", "Crescent", "Horizon", "Maple Leaf", "Cedar Point", "Falconer",
    "Beacon Hill", "Atlas", "Juniper", "Willowbrook", "Copperfield", "Sterling", "Fairview",
    "Bayside", "Kestrel", "Larkspur", "Orchard", "Tidewater", "Vantage", "Alder", "Birchwood",
    "Canyon", "Driftwood", "Goldcrest", "Hollow Creek", "Keystone", "Lighthouse", "Northstar",
    "Pioneer", "Quarry Lane", "Saltmarsh", "Trailhead", "Upland", "Wildflower", "Yellowstone",
];

/// (industry, name suffixes).
pub const INDUSTRIES: &[(&str, &[&str])] = &[
    ("Logistics", &["Logistics", "Freight", "Shipping Company"]),
    (
        "Manufacturing",
        &["Manufacturing", "Industries", "Components", "Machine Works"],
    ),
    (
        "Healthcare",
        &["Health", "Medical Group", "Health Partners"],
    ),
    ("Financial Services", &["Financial", "Bank", "Credit Union"]),
    ("Retail", &["Retail", "Outfitters", "Markets", "Home Goods"]),
    ("Energy", &["Energy", "Power", "Renewables"]),
    ("Construction", &["Construction", "Builders", "Engineering"]),
    (
        "Telecommunications",
        &["Telecom", "Networks", "Communications"],
    ),
    ("Insurance", &["Insurance", "Mutual", "Assurance"]),
    (
        "Food and Beverage",
        &["Foods", "Brewing Company", "Provisions"],
    ),
    ("Software", &["Software", "Systems", "Technologies", "Labs"]),
    (
        "Biotechnology",
        &["Biosciences", "Therapeutics", "Genomics"],
    ),
    ("Media", &["Media", "Publishing", "Studios"]),
    ("Hospitality", &["Hotels", "Hospitality Group", "Resorts"]),
    ("Automotive", &["Motors", "Automotive", "Mobility"]),
    ("Education", &["Learning", "University", "Academy"]),
];

pub const CONSULTING_SUFFIXES: &[&str] = &["Consulting", "Advisory", "Partners", "Solutions"];
pub const VENTURE_SUFFIXES: &[&str] = &["Ventures", "Capital", "Venture Partners"];
pub const OWN_SUFFIXES: &[&str] = &["Analytics", "Revenue Cloud", "Forecasting"];
pub const TLDS: &[&str] = &["com", "com", "com", "com", "io", "co", "net"];

/// (city, phone prefix in that city; four digits follow).
pub const LOCATIONS: &[(&str, &str)] = &[
    ("Austin, Texas", "+1 512 555"),
    ("Denver, Colorado", "+1 303 555"),
    ("Chicago, Illinois", "+1 312 555"),
    ("Boston, Massachusetts", "+1 617 555"),
    ("Seattle, Washington", "+1 206 555"),
    ("New York, New York", "+1 212 555"),
    ("San Francisco, California", "+1 415 555"),
    ("Atlanta, Georgia", "+1 404 555"),
    ("Minneapolis, Minnesota", "+1 612 555"),
    ("Toronto, Canada", "+1 416 555"),
    ("London, United Kingdom", "+44 20 7946"),
    ("Manchester, United Kingdom", "+44 161 496"),
    ("Dublin, Ireland", "+353 1 555"),
    ("Berlin, Germany", "+49 30 5557"),
    ("Munich, Germany", "+49 89 5558"),
    ("Amsterdam, Netherlands", "+31 20 555"),
    ("Paris, France", "+33 1 5555"),
    ("Stockholm, Sweden", "+46 8 5555"),
];

pub const PERSONAL_DOMAINS: &[&str] = &["gmail.com", "outlook.com", "proton.me", "fastmail.com"];

pub const DECISION_TITLES: &[&str] = &[
    "VP Sales",
    "Head of Procurement",
    "CTO",
    "Chief Revenue Officer",
    "VP Operations",
    "Director of IT",
    "Chief Financial Officer",
    "Chief Operating Officer",
    "Head of Revenue Operations",
    "VP Supply Chain",
];

pub const CHAMPION_TITLES: &[&str] = &[
    "Sales Operations Manager",
    "Revenue Operations Lead",
    "Procurement Manager",
    "IT Manager",
    "Director of Sales Enablement",
    "Business Systems Analyst",
    "Finance Manager",
    "Regional Sales Director",
    "Operations Manager",
];

pub const STAFF_TITLES: &[&str] = &[
    "Account Executive",
    "Software Engineer",
    "Product Manager",
    "Marketing Manager",
    "Financial Analyst",
    "Customer Success Manager",
    "Data Analyst",
    "HR Business Partner",
    "Solutions Architect",
    "Business Development Representative",
    "Project Manager",
    "Controller",
    "General Counsel",
    "Chief Executive Officer",
];

/// Colleagues at the user's own company; the first ones are always present.
pub const OWN_TITLES: &[&str] = &[
    "VP Sales",
    "Sales Director",
    "Solutions Engineer",
    "Customer Success Manager",
    "Account Executive",
    "Sales Development Representative",
    "Chief Executive Officer",
    "Marketing Manager",
    "Product Manager",
    "Sales Operations Analyst",
    "Head of Partnerships",
    "Account Executive",
    "Solutions Engineer",
];

pub const PARTNER_TITLES: &[&str] = &[
    "Managing Director",
    "Alliance Manager",
    "Principal Consultant",
    "Implementation Lead",
    "Partner Manager",
    "Senior Consultant",
];

pub const INVESTOR_TITLES: &[&str] = &[
    "Managing Partner",
    "General Partner",
    "Principal",
    "Venture Partner",
    "Associate",
];

pub const INDEPENDENT_TITLES: &[&str] = &[
    "Independent Consultant",
    "Fractional Chief Revenue Officer",
    "Sales Coach and Author",
    "Executive Coach",
    "Startup Advisor",
    "Angel Investor",
    "Retired Sales Executive",
    "",
];

pub const EVENTS: &[&str] = &[
    "SaaStr Annual",
    "Dreamforce",
    "Web Summit",
    "the Revenue Summit",
    "the Supply Chain Leaders Forum",
    "the Pavilion CRO Summit",
    "the Procurement Technology Conference",
];

pub const ME_NOTES: &str = "That's me: Senior Account Executive covering mid-market accounts. \
     The demo network is built around this person.";

/// Notes on people; `{org}` is replaced by their organization and `{year}` by a recent year.
pub const INNER_NOTES: &[&str] = &[
    "Owns the renewal budget; prefers a written summary after every call.",
    "Pushed internally for the pilot in {year}; our strongest advocate at {org}.",
    "Wants monthly usage reports before each steering meeting.",
    "Signs off anything above the department threshold.",
    "Good reference customer; has taken two calls with prospects for us.",
    "Runs a team of fourteen across two regions; rolling out to the second one next.",
    "Prefers short agendas sent a day ahead.",
];

pub const PROSPECT_NOTES: &[&str] = &[
    "Evaluating three vendors this year.",
    "Budget planning at {org} starts in September.",
    "Asked for a security review before any pilot.",
    "Current contract with a competitor ends next spring.",
    "Interested in forecasting accuracy; skeptical about integrations.",
];

pub const GENERAL_NOTES: &[&str] = &[
    "Earned the Certified Supply Chain Professional credential in {year}.",
    "Spoke about procurement automation at a {year} industry conference.",
    "Wrote a widely shared article on forecasting accuracy.",
    "Volunteers on the board of the regional sales leadership association.",
    "{org} won a regional innovation award in {year}.",
    "Well connected in the local startup scene.",
    "Prefers email over calls; replies early in the morning.",
];

pub const OWN_NOTES: &[&str] = &[
    "Great at technical deep dives; bring along for security reviews.",
    "Covers the Central region.",
    "Runs the weekly pipeline review.",
    "Owns the partner referral program.",
];

/// Interaction notes by kind of contact and kind of interaction; `{org}` is the other
/// person's organization.
pub const CLIENT_MEETINGS: &[&str] = &[
    "Quarterly business review at {org}",
    "Renewal planning session",
    "Rollout review with the {org} team",
    "Expansion discussion: two more regional teams",
    "Pricing review ahead of the renewal",
    "Onboarding check-in for new users",
];
pub const CLIENT_CALLS: &[&str] = &[
    "Check-in on adoption numbers",
    "Call about the integration timeline",
    "Follow-up on an open support ticket",
    "Walked through the new forecasting release",
];
pub const CLIENT_EMAILS: &[&str] = &[
    "Sent the usage report for last month",
    "Shared the updated proposal",
    "Confirmed the agenda for the next review",
    "Sent contract redlines",
    "Shared a case study from a similar rollout",
];
pub const PROSPECT_MEETINGS: &[&str] = &[
    "Discovery meeting with {org}",
    "Product demo for the {org} team",
    "Pilot scoping session",
    "Commercial discussion",
];
pub const PROSPECT_CALLS: &[&str] = &[
    "Discovery call",
    "Follow-up call after the demo",
    "Call with their IT team about security",
];
pub const PROSPECT_EMAILS: &[&str] = &[
    "Sent the pilot proposal",
    "Shared pricing options",
    "Followed up after the demo",
    "Sent a relevant case study",
];
pub const BUSINESS_MESSAGES: &[&str] = &[
    "Quick note about next week",
    "Shared an article they might like",
    "Congratulated them on the {org} product launch",
];
pub const MEALS: &[&str] = &[
    "Lunch near the {org} office",
    "Coffee near their office",
    "Dinner after a long workshop",
];
pub const COLLEAGUE_MEETINGS: &[&str] = &[
    "Pipeline review",
    "Deal strategy session",
    "Account planning for the quarter",
    "Prep before a customer demo",
];
pub const COLLEAGUE_CALLS: &[&str] = &["Forecast call", "Prep call before a customer demo"];
pub const COLLEAGUE_MESSAGES: &[&str] = &[
    "Shared notes from a customer call",
    "Asked for help with a security questionnaire",
    "Passed on a lead from a conference",
];
pub const PARTNER_MEETINGS: &[&str] = &["Joint account planning", "Partner pipeline review"];
pub const PARTNER_CALLS: &[&str] = &["Co-selling call about a shared prospect"];
pub const PARTNER_EMAILS: &[&str] = &["Shared a referral lead", "Sent the joint proposal draft"];
pub const PERSONAL_CALLS: &[&str] = &["Catch-up call", "Asked for advice on a tough negotiation"];
pub const PERSONAL_EMAILS: &[&str] = &[
    "Shared an article on sales leadership",
    "Sent a conference recommendation",
];
pub const PERSONAL_MESSAGES: &[&str] = &[
    "Congratulated them on the new role",
    "Shared an article they might like",
    "Quick hello",
];
pub const PERSONAL_MEALS: &[&str] = &["Coffee catch-up", "Lunch catch-up", "Dinner catch-up"];
pub const CONTACT_MEETINGS: &[&str] = &["Joint planning session", "Project review"];
pub const CONTACT_CALLS: &[&str] = &["Reference call", "Catch-up call"];
pub const CONTACT_EMAILS: &[&str] = &["Shared a proposal draft", "Sent meeting notes"];
pub const CONTACT_MESSAGES: &[&str] = &["Quick check-in"];
pub const INTRO_REASONS: &[&str] = &[
    "both are rolling out new forecasting processes",
    "they face the same supply-chain questions",
    "a possible partnership",
    "one solved a similar problem last year",
    "both are hiring sales leaders",
];
