//! `[[waivers]]` of registry.toml applied to a run's findings: a finding a
//! waiver matches is a note naming the reason until the waiver's `until`,
//! and reported again after it, with `waiver-expired`; a waiver that
//! matches nothing is `waiver-unused`.

use std::collections::HashMap;

use crate::diag::{Diagnostic, FileId, Group, Levels, Rule, Severity, Waived};
use crate::load::Registry;
use crate::model::{Date, Field, Waiver, WaiverKey};

use super::waiver_expired::WaiverExpired;
use super::waiver_unused::{Unused, WaiverUnused};

/// `found` with the waivers of `registry` applied on `as_of`, followed by
/// the waivers' own findings at the levels of `levels`. Call it after the
/// levels are applied to `found`: a finding the levels hide is not there
/// to waive, and a waiver of it is said to be unused. The findings of the
/// sub-processors in `announced` (those the change under review adds,
/// `check --base`) are not waived: the change would waive its own gaps.
#[must_use]
pub fn waive(
    mut found: Vec<Diagnostic>,
    registry: &Registry,
    as_of: Date,
    levels: &Levels,
    announced: &[String],
) -> Vec<Diagnostic> {
    let Some(config) = registry.config.as_ref() else {
        return found;
    };
    let waivers = &config.value.waivers;
    if waivers.is_empty() {
        return found;
    }
    // A rule by name or code, in any case (`TIA-MISSING`, `sr0205`).
    let rules: Vec<Option<Rule>> = waivers
        .iter()
        .map(|w| Rule::lookup(&w.rule.to_ascii_lowercase()))
        .collect();
    let files = files_of(registry);
    let mut matched = vec![0_usize; waivers.len()];
    for d in &mut found {
        let Some(i) = waiver_of(d, waivers, &rules, &files, as_of) else {
            continue;
        };
        if about(d, &files).is_some_and(|id| announced.iter().any(|a| a == id)) {
            // Matched, so the waiver is not said to be unused.
            matched[i] += 1;
            d.notes.push(
                "not waived: the change under review adds this sub-processor, and a change \
                 cannot waive its own findings"
                    .to_owned(),
            );
            continue;
        }
        matched[i] += 1;
        let waiver = &waivers[i];
        // A finding judged on a later day (an addition on its start day)
        // is covered only by a waiver that still holds then.
        if d.judged_on.unwrap_or(as_of).max(as_of) <= waiver.until {
            d.waive(Waived {
                severity: Severity::Note,
                reason: waiver.reason.clone(),
                until: waiver.until,
                span: config.span(Field::Waiver(i, None)),
            });
        } else if as_of <= waiver.until {
            d.notes.push(format!(
                "its waiver in registry.toml ends on {}, before the day it is judged on",
                waiver.until
            ));
        } else {
            d.notes.push(format!(
                "its waiver in registry.toml expired on {}",
                waiver.until
            ));
        }
    }
    let mut own = Vec::new();
    for (i, waiver) in waivers.iter().enumerate() {
        if matched[i] > 0 {
            if as_of > waiver.until {
                own.push(Diagnostic::from(WaiverExpired {
                    rule: &waiver.rule,
                    subprocessor: &waiver.subprocessor,
                    until: waiver.until,
                    reason: &waiver.reason,
                    findings: matched[i],
                    span: config.span(Field::Waiver(i, Some(WaiverKey::Until))),
                }));
            }
            continue;
        }
        let earlier = waivers[..i]
            .iter()
            .zip(&rules)
            .position(|(w, rule)| *rule == rules[i] && same_findings(w, waiver));
        let (why, key) = match earlier {
            Some(j) if rules[i].is_some() => {
                (Unused::Duplicate(config.span(Field::Waiver(j, None))), None)
            }
            _ => unused(waiver, rules[i], registry, as_of, levels),
        };
        own.push(Diagnostic::from(WaiverUnused {
            rule: &waiver.rule,
            subprocessor: &waiver.subprocessor,
            why,
            span: config.span(Field::Waiver(i, key)),
        }));
    }
    found.extend(levels.apply(own));
    found
}

/// Whether `a` and `b` name the same sub-processor, regime and destination.
fn same_findings(a: &Waiver, b: &Waiver) -> bool {
    a.subprocessor == b.subprocessor && a.regime == b.regime && a.destination == b.destination
}

/// Whether findings of `rule` can be waived: the registry and transfer
/// rules that give errors or warnings, but a waiver's own findings.
fn waivable(rule: Rule) -> bool {
    matches!(rule.group(), Group::Transfers | Group::Registry)
        && !rule.level_is_fixed()
        && rule.default_level() != crate::model::Level::Allow
        && !matches!(
            rule,
            Rule::WaiverExpired | Rule::WaiverUnused | Rule::NoticePeriodTooShort
        )
}

/// The index of the waiver that matches `d`, if any: the first that holds
/// on `as_of`, else the first (expired) one, so that an expired general
/// waiver does not hide a narrower one still in force.
fn waiver_of(
    d: &Diagnostic,
    waivers: &[Waiver],
    rules: &[Option<Rule>],
    files: &HashMap<FileId, &str>,
    as_of: Date,
) -> Option<usize> {
    if d.severity == Severity::Note || !waivable(d.rule) {
        return None;
    }
    let subject = d.subject.as_ref();
    let id = about(d, files)?;
    let matches = |(w, rule): &(&Waiver, &Option<Rule>)| {
        **rule == Some(d.rule)
            && w.subprocessor == id
            && w.regime
                .is_none_or(|r| subject.and_then(|s| s.regime) == Some(r.id()))
            && w.destination
                .as_deref()
                .is_none_or(|to| subject.and_then(|s| s.destination.as_deref()) == Some(to))
    };
    let all = || waivers.iter().zip(rules).enumerate();
    all()
        .find(|(_, pair)| matches(pair) && d.judged_on.unwrap_or(as_of).max(as_of) <= pair.0.until)
        .or_else(|| all().find(|(_, pair)| matches(pair)))
        .map(|(i, _)| i)
}

/// Each sub-processor file of `registry` with the id of its sub-processor,
/// for [`about`].
#[must_use]
pub fn files_of(registry: &Registry) -> HashMap<FileId, &str> {
    registry
        .subprocessors
        .iter()
        .map(|sp| (sp.file, sp.id.as_str()))
        .collect()
}

/// The sub-processor a finding is about: a transfer finding names it; any
/// other finding in a sub-processor's file ([`files_of`]) is about that
/// sub-processor.
#[must_use]
pub fn about<'a>(d: &'a Diagnostic, files: &HashMap<FileId, &'a str>) -> Option<&'a str> {
    d.subject
        .as_ref()
        .map(|s| s.subprocessor.as_str())
        .or_else(|| d.span.as_ref().and_then(|s| files.get(&s.file).copied()))
}

/// Why a waiver that matched nothing is unused, and the key to point at.
fn unused<'a>(
    waiver: &Waiver,
    rule: Option<Rule>,
    registry: &'a Registry,
    as_of: Date,
    levels: &Levels,
) -> (Unused<'a>, Option<WaiverKey>) {
    let Some(rule) = rule else {
        let names = Rule::ALL.iter().map(|r| r.name());
        return (
            Unused::UnknownRule(crate::suggest::closest(&waiver.rule, names)),
            Some(WaiverKey::Rule),
        );
    };
    if !waivable(rule) {
        return (Unused::NotWaivable(rule), Some(WaiverKey::Rule));
    }
    let known = registry
        .subprocessors
        .iter()
        .map(|sp| sp.id.as_str())
        .chain(registry.unloaded.iter().map(String::as_str));
    if !known.clone().any(|id| id == waiver.subprocessor) {
        return (
            Unused::UnknownSubprocessor(crate::suggest::closest(&waiver.subprocessor, known)),
            Some(WaiverKey::Subprocessor),
        );
    }
    if levels.level(rule) == crate::model::Level::Allow {
        return (Unused::Hidden(rule), Some(WaiverKey::Rule));
    }
    // A destination the sub-processor has none of (a lower-case code, a
    // typo) leaves the gap standing: say so, not that it closed.
    if let Some(to) = waiver.destination.as_deref()
        && let Some(sp) = registry
            .subprocessors
            .iter()
            .find(|sp| sp.id == waiver.subprocessor)
    {
        let v = &sp.value;
        let places: Vec<&str> = std::iter::once(v.country.as_str())
            .chain(v.locations.iter().map(String::as_str))
            .chain(v.transfers.iter().map(|t| t.to.as_str()))
            .collect();
        if !places.contains(&to) {
            return (
                Unused::UnknownDestination(crate::suggest::closest(to, places)),
                Some(WaiverKey::Destination),
            );
        }
    }
    (Unused::NothingMatched(as_of), None)
}
