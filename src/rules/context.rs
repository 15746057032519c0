//! What every rule may read. Its fields are private to this module, so a
//! rule reaches the whole registry only by asking for it.

use std::collections::BTreeMap;

use crate::knowledge::Knowledge;
use crate::load::{Loaded, Registry};
use crate::model::{Date, RegistryConfig, Subprocessor};

/// What every rule may read.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The loaded registry (its structurally valid files); rules read it
    /// through [`Context::config`], [`Context::subprocessors`] and, for
    /// rules across files, [`Context::all_subprocessors`].
    registry: &'a Registry,
    /// The facts in force: built-in base and the registry's overrides.
    pub knowledge: &'a Knowledge,
    /// The day on which the verdicts are given (calendar date, UTC).
    pub as_of: Date,
    /// Whether to add a note for every transfer that passes, saying why.
    pub explain: bool,
    /// The sub-processors the per-file rules judge: all of the registry's,
    /// or one share of them when the rules run in parallel.
    subprocessors: &'a [Loaded<Subprocessor>],
    /// The ids of the sub-processors the change under review adds
    /// (`check --base`): announced on the as-of day.
    pub announced: &'a [String],
    /// The `notice_days` of the registry the change under review starts
    /// from (`check --base`): the promise to customers stands until the
    /// change is merged, so the larger of the two is kept.
    base_notice_days: Option<u32>,
    /// For each sub-processor the change under review announces, the first
    /// day (UTC) a commit of the change touched its file: an `announced`
    /// date from then on was made during the review, so the notice runs
    /// from it.
    floors: &'a BTreeMap<String, Date>,
}

/// No floors: nothing announced during a review.
static NO_FLOORS: BTreeMap<String, Date> = BTreeMap::new();

impl<'a> Context<'a> {
    /// A context judging every sub-processor of `registry`.
    #[must_use]
    pub fn new(
        registry: &'a Registry,
        knowledge: &'a Knowledge,
        as_of: Date,
        explain: bool,
    ) -> Self {
        Self {
            registry,
            knowledge,
            as_of,
            explain,
            subprocessors: &registry.subprocessors,
            announced: &[],
            base_notice_days: None,
            floors: &NO_FLOORS,
        }
    }

    /// The same context, keeping the notice period `days` of the registry
    /// the change under review starts from.
    #[must_use]
    pub fn with_base_notice(self, days: Option<u32>) -> Self {
        Self {
            base_notice_days: days,
            ..self
        }
    }

    /// The same context with `floors` (see [`Context::announced_on`]).
    #[must_use]
    pub fn with_floors(self, floors: &'a BTreeMap<String, Date>) -> Self {
        Self { floors, ..self }
    }

    /// The day the sub-processor `id` the change under review announces
    /// counts its notice from: its `announced` date when that is later
    /// than the as-of day, or was made while the change was under review
    /// (on or after the first day a commit of the change touched its file);
    /// else the as-of day.
    #[must_use]
    pub fn announced_on(&self, id: &str, declared: Option<Date>) -> Date {
        match declared {
            Some(day) if day > self.as_of => day,
            Some(day) if self.floors.get(id).is_some_and(|floor| day >= *floor) => day,
            _ => self.as_of,
        }
    }

    /// The notice promised to customers before a new sub-processor starts,
    /// in days: registry.toml's `notice_days`, or the base's when the
    /// change under review lowers or deletes it.
    #[must_use]
    pub fn notice_days(&self) -> Option<u32> {
        let head = self.config().and_then(|c| c.value.notice_days);
        head.max(self.base_notice_days)
    }

    /// The same context, judging `ids` as announced on the as-of day by the
    /// change under review.
    #[must_use]
    pub fn with_announced(self, ids: &'a [String]) -> Self {
        Self {
            announced: ids,
            ..self
        }
    }

    /// `registry.toml`, when it is structurally valid.
    #[must_use]
    pub fn config(&self) -> Option<&'a Loaded<RegistryConfig>> {
        self.registry.config.as_ref()
    }

    /// The sub-processors that per-file rules judge in this context.
    #[must_use]
    pub fn subprocessors(&self) -> &'a [Loaded<Subprocessor>] {
        self.subprocessors
    }

    /// Every sub-processor of the registry, for rules that compare files
    /// (run once per registry, not per share).
    #[must_use]
    pub fn all_subprocessors(&self) -> &'a [Loaded<Subprocessor>] {
        &self.registry.subprocessors
    }

    /// The ids of sub-processor files that exist but did not load: they
    /// are reported for their own errors, and references to them are not
    /// judged.
    #[must_use]
    pub fn unloaded_ids(&self) -> &'a [String] {
        &self.registry.unloaded
    }

    /// The same context judging only `share` of the sub-processors.
    pub(super) fn share(&self, share: &'a [Loaded<Subprocessor>]) -> Self {
        Self {
            subprocessors: share,
            ..*self
        }
    }
}
