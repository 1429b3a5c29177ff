#pragma once
// The decision record: function before form, made verifiable (docs/decision-record.md).
//
// The framing is everything that decides the result except scores and costs: the context and its
// conventions, stakeholder groups and influence, the consensus rule, functions and questions with
// their answers, the criteria tree with scales, anchors, value functions and weights, attributes,
// gates, vehicle types, and the option list with every option attribute a gate reads.
// lock() records the SHA-256 digest of its canonical JSON, and a copy of it, so that a later check
// names what changed ("criteria/SF/weight: 50 → 157"), not only that something did.
//
// The audit record is a hash chain: every entry (lock, reopen, score) holds its action, time, who
// and why, the framing digest, a digest of the scores and the SHA-256 of the previous entry, and may
// be signed (Ed25519). verify() checks the whole record; check_governance() is the same check
// without a published digest or key, as every result reports it.
//
// Definitions live in adva::core (with the canonical JSON writer and libcrypto).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "adva/error.hpp"
#include "adva/model/options.hpp"
#include "adva/model/questions.hpp"

namespace adva {

struct appraisal;

/// One scoring change recorded by record_score().
struct recorded_change {
    std::string option;
    std::string criterion;
    std::optional<score> before;  ///< absent: the option had no score on the criterion
    score after;

    friend bool operator==(const recorded_change&, const recorded_change&) = default;
};

struct audit_entry {
    std::string action;          ///< "lock", "reopen" or "score"
    std::string at;              ///< UTC time, YYYY-MM-DDTHH:MM:SSZ
    std::string by;
    std::string reason;          ///< required for reopen and score (for a score: its rationale)
    std::string digest;          ///< the framing digest: locked (lock), released (reopen), in force (score)
    std::string scores_digest;   ///< digest of every option's scores after the entry
    std::string scores_before;   ///< score: the scores digest before its changes
    bool after_scoring = false;  ///< options already had scores when the entry was made
    std::vector<recorded_change> changes;  ///< score: what changed, old → new
    std::string previous;        ///< SHA-256 of the previous entry ("" for the first)
    std::string key;             ///< signed entries: SHA-256 of the signer's public key (DER)
    std::string signature;       ///< signed entries: base64 Ed25519 signature of entry_hash()

    friend bool operator==(const audit_entry&, const audit_entry&) = default;
};

struct governance {
    bool locked = false;
    std::string framing_digest;  ///< SHA-256 (hex) recorded by the last lock
    std::string framing;         ///< the canonical framing JSON at the last lock
    std::vector<audit_entry> audit;

    friend bool operator==(const governance&, const governance&) = default;
};

/// What verify() can report. Every kind is documented in docs/decision-record.md.
struct integrity_finding {
    std::string kind;     ///< e.g. "framing_changed", "chain_broken", "scores_outside_record"
    std::string where;    ///< a framing path (criteria/SF/weight) or a JSON pointer into the record
    std::string message;  ///< one line for people
    bool failure = true;  ///< false: a warning (a failure under strict)

    friend bool operator==(const integrity_finding&, const integrity_finding&) = default;
};

/// The largest key file read (a PEM Ed25519 key is a few hundred bytes).
inline constexpr std::size_t max_key_bytes = 64u << 10;

/// A published anchor to check the record against (both optional).
struct verify_options {
    std::string digest;      ///< the framing digest published (e.g. in a cabinet paper): 64 hex digits
    std::string public_key;  ///< PEM of the Ed25519 public key every entry must be signed with
};

/// The lock state and the result of checking the record, as every result reports it.
struct governance_status {
    bool locked = false;
    bool digest_matches = false;           ///< locked and the framing equals its recorded digest
    bool reopened = false;                 ///< unlocked by a reopen recorded in the audit trail
    std::string recorded_digest;
    std::string current_digest;
    std::string record_head;               ///< SHA-256 of the last audit entry ("" when there is none)
    int revisions = 0;                     ///< reopenings recorded
    int weights_revised_after_scoring = 0; ///< reopenings while options had scores
    int score_changes_recorded = 0;        ///< scoring changes made through the record
    bool scored_before_lock = false;       ///< options had scores before the framing was first locked
    std::string reopen_reason;             ///< the last reopening's reason, when reopened
    std::vector<integrity_finding> findings;  ///< empty when the record is whole and matches the model
    std::vector<std::string> imputations;  ///< groups whose weights were partly imputed, and the rule
    std::vector<std::string> warnings;     ///< every finding's message, then advice (relative scales, …)

    /// "locked", "unlocked", "reopened", "modified after lock" or "record broken".
    std::string state() const;
    /// True when verification passes: locked, no failure (and, when strict, no warning) finding.
    bool verified(bool strict = false) const;
};

/// SHA-256 (lowercase hex) of the canonical JSON of the framing.
std::string framing_digest(const appraisal& model);
/// SHA-256 (lowercase hex) of the canonical JSON of every option's scores (values, distributions,
/// rationales).
std::string scores_digest(const appraisal& model);
/// SHA-256 (lowercase hex) of an audit entry as written, without its signature: what `previous`
/// of the next entry holds and what a signature signs.
std::string entry_hash(const audit_entry& entry);

/// Who, when and with which key an entry is made. `by` is required (every entry says who);
/// `at` empty: now; `signing_key`: PEM of an Ed25519 private key, or empty for an unsigned entry.
struct record_request {
    std::string by;
    std::string at;
    std::string signing_key;
    /// lock: allow a framing whose weights are all direct (no group answered a weight question).
    bool direct_weights = false;
};

/// Validates the model and locks its framing: the digest, a snapshot and a chained "lock" entry.
/// Refuses (stage_error) a lock after a lock, a time before the last entry, or a framing without
/// weights from answers unless request.direct_weights; integrity_error when the existing record
/// does not verify. Returns advice for the person locking (e.g. unanswered questions).
std::vector<std::string> lock(appraisal& model, const record_request& request);
/// Releases the lock for a framing change; reason must be non-empty. The framing must still match
/// its lock (integrity_error naming the changes otherwise: a change made while locked is not
/// legalised by reopening).
void reopen(appraisal& model, const std::string& reason, const record_request& request);
/// One score to set after lock.
struct score_assignment {
    std::string option;
    std::string criterion;
    score value;  ///< with its own rationale, or none
};
/// Changes scores after lock through the record, as one "score" entry (old → new for each, who,
/// when, why). A score without a rationale of its own is given `reason`. Refused when the framing
/// is not locked, the record does not verify, or a score breaks a rule (nothing changes then).
void record_scores(appraisal& model, const std::vector<score_assignment>& scores, const std::string& reason,
                   const record_request& request);
inline void record_score(appraisal& model, const std::string& option, const std::string& criterion,
                         const score& value, const std::string& rationale, const record_request& request) {
    record_scores(model, {{option, criterion, value}}, rationale, request);
}

/// One answer to record: the question's id and the answer (its group, who, text, rationale, and
/// swings or whether the gates apply).
struct question_answer {
    std::string question;
    answer given;
    std::string where;  ///< where it was given (a pointer into an answers file, a command-line argument): errors name it
};
/// Records answers to the question set, each replacing the same group's earlier answer to that
/// question. Answers are framing, so they are refused while the framing is locked (stage_error
/// adva.governance.locked: reopen it first, with a reason). The model is validated with every
/// answer in place — every rule but completeness (weight_completeness::in_progress: weight
/// questions a group has still to answer) — and on any error nothing changes. Returns, per answer, whether it
/// replaced an earlier one.
std::vector<bool> answer_questions(appraisal& model, const std::vector<question_answer>& answers);

/// The rule of an edit made outside the record (Python's Model.edit and the setters built on it):
/// `edited` may replace `current` only when its governance record is unchanged — the record changes
/// only through lock(), reopen() and record_scores() (stage_error adva.stage.governance_edit) — and,
/// while `current` is locked, only when its framing is unchanged (adva.stage.locked). Scores and
/// costs may change; verify() reports a score changed this way after lock (scores_outside_record).
void check_edit(const appraisal& current, const appraisal& edited);

// Convenience overloads with who and when only.
inline std::vector<std::string> lock(appraisal& model, const std::string& by, const std::string& at = {}) {
    return lock(model, record_request{by, at, {}, false});
}
inline void reopen(appraisal& model, const std::string& reason, const std::string& by, const std::string& at = {}) {
    reopen(model, reason, record_request{by, at, {}, false});
}

/// Checks the record against the model and, when given, the published digest and public key
/// (invalid_input adva.governance.digest_format / adva.governance.key when they are malformed).
governance_status verify(const appraisal& model, const verify_options& options);
/// verify() without a published anchor: what every result reports.
governance_status check_governance(const appraisal& model);
/// Throws integrity_error listing every finding unless status.verified(strict).
void require_verified(const governance_status& status, bool strict);

/// The current time in the record's form, YYYY-MM-DDTHH:MM:SSZ (UTC).
std::string utc_now();

}  // namespace adva
