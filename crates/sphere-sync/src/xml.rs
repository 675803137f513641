//! A small namespace-aware element tree over `quick-xml`, enough to read WebDAV multistatus
//! answers (RFC 4918) whatever prefixes the server chose.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

pub const DAV: &str = "DAV:";
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
pub const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";

/// One element: its namespace and local name, its children and its text.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub ns: String,
    pub name: String,
    pub children: Vec<Element>,
    pub text: String,
    /// Attributes by local name (their namespaces are not needed here).
    pub attrs: Vec<(String, String)>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The first child named so.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// Every child named so.
    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.is(ns, name))
    }

    /// Every descendant named so, depth first.
    pub fn descendants<'a>(&'a self, ns: &str, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.is(ns, name) {
                out.push(c);
            }
            c.descendants(ns, name, out);
        }
    }

    /// The trimmed text of the first descendant named so.
    pub fn find_text(&self, ns: &str, name: &str) -> Option<String> {
        let mut found = Vec::new();
        self.descendants(ns, name, &mut found);
        found.first().map(|e| e.text.trim().to_string())
    }
}

/// Parses a document into its root element, or says what is wrong with it.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        let ns = match ns {
            ResolveResult::Bound(n) => n.0.to_string(),
            _ => String::new(),
        };
        match event {
            Event::Start(start) => stack.push(Element {
                ns,
                name: start.local_name().into_inner().to_string(),
                attrs: attributes(&start),
                ..Element::default()
            }),
            Event::Empty(start) => {
                let el = Element {
                    ns,
                    name: start.local_name().into_inner().to_string(),
                    attrs: attributes(&start),
                    ..Element::default()
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced XML")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Err("unbalanced XML".into()),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(String::from)
                        .unwrap_or_default()
                } else {
                    match &*r {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => format!("&{other};"),
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut doc = stack.pop().ok_or("empty XML")?;
    if !stack.is_empty() {
        return Err("XML ends inside an element".into());
    }
    doc.children
        .pop()
        .ok_or_else(|| "an XML document without an element".into())
}

fn attributes(start: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    start
        .attributes()
        .flatten()
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (a.key.local_name().into_inner().to_string(), value)
        })
        .collect()
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(el) = stack.last_mut() {
        el.text.push_str(text);
    }
}

/// Escapes text for an XML element body.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_resolve_to_namespaces_and_entities_to_text() -> Result<(), String> {
        let doc = parse(
            r#"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
            <d:response><d:href>/a%20b/1.ics</d:href><d:propstat><d:prop><d:getetag>"x&amp;1"</d:getetag>
            <c:calendar-data><![CDATA[BEGIN:VCALENDAR]]>&#13;
</c:calendar-data></d:prop></d:propstat></d:response></d:multistatus>"#,
        )?;
        assert!(doc.is(DAV, "multistatus"), "the root is DAV:multistatus");
        let resp = doc.child(DAV, "response").ok_or("no response")?;
        assert_eq!(resp.find_text(DAV, "getetag").as_deref(), Some("\"x&1\""));
        assert!(
            resp.find_text(CALDAV, "calendar-data")
                .is_some_and(|t| t.starts_with("BEGIN:VCALENDAR")),
            "CDATA and character references are text"
        );
        Ok(())
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("").is_err());
    }
}
