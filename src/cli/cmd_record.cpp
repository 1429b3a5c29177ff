// The decision-record commands of adva: lock, reopen, score and verify (docs/decision-record.md).
#include <cmath>
#include <optional>
#include <ostream>
#include <string>

#include "adva/io/decode.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/report.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "cli_output.hpp"
#include "cli_record.hpp"
#include "cli_support.hpp"
#include "commands.hpp"

namespace adva::cli {

// Shared with import-scores (cli_record.hpp).
std::optional<io::output_target> model_output(const parsed_args& p) {
    const std::string& model = p.positional[0];
    const auto out_path = p.value("out");
    if (out_path.value_or(model) == "-") return std::nullopt;
    if (!out_path || io::same_file(*out_path, model)) {
        io::output_target target(model, "MODEL", io::if_exists::replace);
        target.check();
        return target;
    }
    input_files inputs = {{model, "the model file"}};
    if (const auto from = p.value("from")) inputs.emplace_back(*from, "the --from file");
    if (const auto answers = p.value("answers")) inputs.emplace_back(*answers, "the --answers file");
    return output_option(p, "out", inputs);
}

record_request request_from(const parsed_args& p) {
    record_request r;
    r.by = p.text("by").value_or(std::string());
    r.at = p.value("at").value_or(std::string());
    if (const auto key = p.value("sign")) r.signing_key = io::read_source(*key, max_key_bytes, "private key file");
    r.direct_weights = p.flag("direct-weights");
    return r;
}

void write_model(const std::optional<io::output_target>& target, const appraisal& model, std::ostream& out,
                 const std::string& summary) {
    emit(target, out, io::model_to_text(model), summary);
}

namespace {

std::string verify_command(const appraisal& model, const std::string& path) {
    return io::verify_command(framing_digest(model), path.empty() ? std::string("MODEL") : path);
}

const std::vector<option_spec> record_options = {{"by"}, {"at"}, {"sign"}, {"out"}, {"force", false}};

std::vector<option_spec> with(std::vector<option_spec> specs, std::initializer_list<option_spec> more) {
    specs.insert(specs.end(), more);
    return specs;
}

constexpr const char* record_common_help =
    "  --by NAME     who (a person or panel), recorded in the audit trail (required)\n"
    "  --at TIME     UTC time to record, YYYY-MM-DDTHH:MM:SSZ; default: now. Never before the\n"
    "                last entry of the record\n"
    "  --sign KEY    sign the entry with this Ed25519 private key (PEM; make one with\n"
    "                openssl genpkey -algorithm ed25519 -out key.pem)\n"
    "  --out FILE    write the model to FILE instead of MODEL (- for standard output)\n"
    "  --force       replace FILE if it exists (rewriting MODEL itself needs no --force)\n";

const std::string lock_help = std::string(
    "usage: adva lock MODEL --by NAME [--direct-weights] [--at TIME] [--sign KEY] [--out FILE [--force]]\n"
    "\n"
    "Locks the framing before the options are scored: everything that decides the result except\n"
    "scores and costs (docs/decision-record.md). Records its SHA-256 digest, a copy of it (so a\n"
    "later check names what changed) and a 'lock' entry chained to the audit record. Warns about\n"
    "unanswered questions and imputed weights. Refused when the framing is already locked, the\n"
    "record does not verify, or no group answered a weight question (unless --direct-weights).\n"
    "The model is rewritten in place (atomically) unless --out is given.\n"
    "\n"
    "  --direct-weights  lock although the weights are the criteria's direct weights, not answers\n") +
    record_common_help;

const std::string reopen_help = std::string(
    "usage: adva reopen MODEL --reason TEXT --by NAME [--at TIME] [--sign KEY] [--out FILE [--force]]\n"
    "\n"
    "Releases the lock so the framing can change. The reason is recorded in the audit trail and\n"
    "shown in every report; a reopening while options have scores counts as 'weights revised after\n"
    "scoring'. Refused when the framing was changed while locked (undo the changes adva verify\n"
    "lists first). The model is rewritten in place (atomically) unless --out is given.\n"
    "\n"
    "  --reason TEXT  why the framing must change (required)\n") +
    record_common_help;

const std::string score_help = std::string(
    "usage: adva score MODEL OPTION CRITERION VALUE --rationale TEXT --by NAME [--at TIME] [--sign KEY]\n"
    "                  [--out FILE [--force]]\n"
    "       adva score MODEL --from SCORES.json --rationale TEXT --by NAME [...]\n"
    "\n"
    "Changes scores after the framing is locked, through the record: one entry holds each old and\n"
    "new score, who, when and why. Scores changed any other way after lock are reported by\n"
    "adva verify (a failure under --strict). VALUE is on the criterion's scale (see adva validate).\n"
    "\n"
    "  --rationale TEXT  why (required); also each score's rationale unless SCORES.json gives one\n"
    "  --from FILE       many scores at once: {\"OPTION\": {\"CRITERION\": score, ...}, ...}, each\n"
    "                    score as in a model file (a number, or an object with a distribution)\n") +
    record_common_help;

constexpr const char* verify_help =
    "usage: adva verify MODEL [--digest HEX] [--pubkey PEM] [--strict] [--format table|json]\n"
    "\n"
    "Checks the decision record: the framing matches its lock, the audit chain is whole (entries\n"
    "linked by hash, lock and reopen alternating, times never going backwards), and, when given,\n"
    "the framing digest equals the published HEX and every entry is signed with the key of PEM.\n"
    "Exit status 0 when it verifies; 3 with every finding listed when it does not. Scores changed\n"
    "after lock without adva score are warnings (failures with --strict).\n"
    "\n"
    "  --digest HEX   the framing digest as published (e.g. in the cabinet paper)\n"
    "  --pubkey PEM   the Ed25519 public key the entries must be signed with\n"
    "  --strict       warnings are failures too\n"
    "  --format F     table (default) or json\n";

}  // namespace

// --- lock / reopen / score -----------------------------------------------------------------------

int run_lock(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "lock", with(record_options, {{"direct-weights", false}}), 1, 1);
        if (p.help) {
            out << lock_help;
            return 0;
        }
        const auto request = request_from(p);
        appraisal model = io::load_model(p.positional[0]);
        const auto target = model_output(p);
        const auto advice = lock(model, request);
        for (const auto& line : advice) err << "adva: warning: " << line << '\n';
        write_model(target, model, out,
                    "locked: framing digest " + model.governance.framing_digest +
                        "\npublish the digest with the decision; anyone can then check the file with\n  " +
                        verify_command(model, p.positional[0]) + "\n");
        return 0;
    });
}

int run_reopen(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "reopen", with(record_options, {{"reason"}}), 1, 1);
        if (p.help) {
            out << reopen_help;
            return 0;
        }
        const auto reason = p.text("reason");
        if (!reason || reason->empty()) throw usage_error("reopen", "--reason TEXT is required: reopening is an audit entry");
        const auto request = request_from(p);
        appraisal model = io::load_model(p.positional[0]);
        const auto target = model_output(p);
        const bool scored = model.has_scores();
        reopen(model, *reason, request);
        write_model(target, model, out,
                    std::string("reopened: the framing may change") +
                        (scored ? " (options already have scores: counted as a revision after scoring)" : "") + "\n");
        return 0;
    });
}

int run_score(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "score", with(record_options, {{"rationale"}, {"from"}}), 1, 4);
        if (p.help) {
            out << score_help;
            return 0;
        }
        const auto from = p.value("from");
        if (from ? p.positional.size() != 1 : p.positional.size() != 4)
            throw usage_error("score", from ? "with --from, give MODEL only" : "give MODEL OPTION CRITERION VALUE, or MODEL --from FILE");
        const auto rationale = p.text("rationale");
        if (!rationale || rationale->empty())
            throw usage_error("score", "--rationale TEXT is required: the record keeps why scores changed");
        std::vector<score_assignment> scores;
        if (from) {
            scores = io::read_json_as(*from, {}, "scores file",
                                      [](const nlohmann::json& d) { return io::score_assignments_from_json(d); });
        } else {
            const std::string& text = p.positional[3];
            std::size_t used = 0;
            double value = NAN;
            try {
                value = std::stod(text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != text.size() || !std::isfinite(value))
                throw usage_error("score", "VALUE must be a finite number on the criterion's scale", quote_seen(text));
            scores.push_back({p.positional[1], p.positional[2], score{.value = value}});
        }
        const auto request = request_from(p);
        appraisal model = io::load_model(p.positional[0]);
        const auto target = model_output(p);
        record_scores(model, scores, *rationale, request);
        std::string summary;
        for (const auto& change : model.governance.audit.back().changes) {
            if (summary.size() > 4000) {
                summary += "...\n";
                break;
            }
            summary += "recorded: " + change.option + " on " + change.criterion + ": " +
                       (change.before ? io::score_description(*change.before) : std::string("no score")) + " -> " +
                       io::score_description(change.after) + "\n";
        }
        write_model(target, model, out, summary);
        return 0;
    });
}

// --- verify --------------------------------------------------------------------------------------

int run_verify(const args& a, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const auto p = parse_args(a, "verify", {{"digest"}, {"pubkey"}, {"strict", false}, {"format"}}, 1, 1);
        if (p.help) {
            out << verify_help;
            return 0;
        }
        const std::string format = p.value("format").value_or("table");
        if (format != "table" && format != "json")
            throw invalid_input("adva.report.format", "--format", "verify prints table or json", "\"" + format + "\"");
        verify_options options;
        options.digest = p.value("digest").value_or(std::string());
        if (const auto key = p.value("pubkey")) options.public_key = io::read_source(*key, max_key_bytes, "public key file");
        const bool strict = p.flag("strict");
        const std::string& path = p.positional[0];
        const appraisal model = io::load_model(path);
        const governance_status s = verify(model, options);
        const bool ok = s.verified(strict);

        if (format == "json") {
            const nlohmann::json doc = {{"model", path},
                                        {"verified", ok},
                                        {"strict", strict},
                                        {"state", s.state()},
                                        {"framing_digest", s.current_digest},
                                        {"recorded_digest", s.recorded_digest},
                                        {"record_head", s.record_head},
                                        {"entries", model.governance.audit.size()},
                                        {"revisions", s.revisions},
                                        {"score_changes_recorded", s.score_changes_recorded},
                                        {"published_digest_checked", !options.digest.empty()},
                                        {"signatures_checked", !options.public_key.empty()},
                                        {"findings", io::findings_to_json(s.findings)}};
            out << doc.dump(2) << '\n';
        } else {
            out << (ok ? "verified: " : "NOT VERIFIED: ") << path << '\n';
            out << "  state           " << io::lock_status_text(s) << '\n';
            out << "  framing digest  " << s.current_digest << '\n';
            if (!s.recorded_digest.empty() && s.recorded_digest != s.current_digest)
                out << "  locked digest   " << s.recorded_digest << '\n';
            out << "  record          " << model.governance.audit.size() << " entries, " << s.revisions
                << " revisions, " << s.score_changes_recorded << " score changes recorded; head "
                << (s.record_head.empty() ? std::string("none") : s.record_head.substr(0, 16)) << '\n';
            out << "  published digest " << (options.digest.empty() ? "not checked (give --digest HEX)" : "checked") << '\n';
            out << "  signatures      " << (options.public_key.empty() ? "not checked (give --pubkey PEM)" : "checked")
                << '\n';
            std::size_t failures = 0, warnings = 0;
            for (const auto& f : s.findings) (f.failure ? failures : warnings) += 1;
            if (!s.findings.empty()) {
                out << "\nFindings (" << failures << " failure" << (failures == 1 ? "" : "s") << ", " << warnings
                    << " warning" << (warnings == 1 ? "" : "s") << (strict ? ", strict: warnings fail" : "") << ")\n";
                for (const auto& f : s.findings)
                    out << "  " << (f.failure ? "FAIL " : "warn ") << f.kind << ": " << f.message << '\n';
            }
            if (s.state() == "locked")
                out << "\nTo check this file against the digest published with the decision:\n  "
                    << verify_command(model, path) << '\n';
        }
        return ok ? 0 : int(exit_status::integrity);
    });
}

}  // namespace adva::cli
