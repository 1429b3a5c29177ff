// adva._core.Model: the C++ appraisal model held by value. Python edits go through JSON (the
// model-format contract, docs/model-format.md): the pure-Python layer builds a dict, and
// Model.from_json_text validates it completely before anything changes, so an edit is all or
// nothing and every error names its JSON pointer. The decision record (lock, reopen, scores after
// lock, verify: adva/model/governance.hpp) is reached through the library's own functions, on a copy.
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "adva/io/decode.hpp"
#include "adva/io/model_json.hpp"
#include "adva/io/output.hpp"
#include "adva/io/report.hpp"
#include "adva/io/scoring_sheet.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {


/// The same error with another place, of the same class (the translator maps classes).
[[noreturn]] void rethrow_at(const adva::error& e, const std::string& where) {
    if (dynamic_cast<const limit_exceeded*>(&e)) throw limit_exceeded(e.id(), where, e.rule(), e.seen());
    if (dynamic_cast<const invalid_input*>(&e)) throw invalid_input(e.id(), where, e.rule(), e.seen());
    if (dynamic_cast<const stage_error*>(&e)) throw stage_error(e.id(), where, e.rule(), e.seen());
    if (dynamic_cast<const integrity_error*>(&e)) throw integrity_error(e.id(), where, e.rule(), e.seen());
    if (dynamic_cast<const computation_error*>(&e)) throw computation_error(e.id(), where, e.rule(), e.seen());
    throw adva::error(e.id(), where, e.rule(), e.seen());
}

/// Called in a catch block: the library names the CLI's options (--at, --sign, --pubkey) as the
/// place of an error; from Python the place is the keyword argument of the method.
[[noreturn]] void rethrow_for_python(const adva::error& e) {
    for (const char* option : {"--at", "--sign", "--pubkey"})
        if (e.where() == option) rethrow_at(e, option + 2);
    throw;
}

/// Runs a decision-record operation on a copy of the model and keeps the copy only if it succeeds:
/// from Python, as every edit, a failed lock, reopen or score leaves the model as it was.
template <class Operation>
auto on_copy(appraisal& model, Operation&& operation) {
    appraisal copy = model;
    try {
        if constexpr (std::is_void_v<decltype(operation(copy))>) {
            operation(copy);
            model = std::move(copy);
        } else {
            auto out = operation(copy);
            model = std::move(copy);
            return out;
        }
    } catch (const adva::error& e) {
        rethrow_for_python(e);
    }
}

record_request request(std::string by, std::string at, std::string signing_key, bool direct_weights = false) {
    return record_request{std::move(by), std::move(at), std::move(signing_key), direct_weights};
}

/// {option: {criterion: score}} from Python (JSON text), read by the model reader's score rules;
/// errors name the place as scores/OPTION/CRITERION.
std::vector<score_assignment> score_assignments(std::string_view text) {
    const nlohmann::json document = parse_json_argument(text, "scores");
    try {
        return io::score_assignments_from_json(document);
    } catch (const limit_exceeded& e) {
        throw limit_exceeded(e.id(), "scores" + e.where(), e.rule(), e.seen());
    } catch (const invalid_input& e) {
        throw invalid_input(e.id(), "scores" + e.where(), e.rule(), e.seen());
    }
}

nb::list findings_list(const std::vector<integrity_finding>& findings) {
    nb::list out;
    for (const auto& f : findings) {
        nb::dict d;
        d["kind"] = f.kind;
        d["where"] = f.where == "--digest" ? std::string("digest") : f.where;  // the argument of Model.verify
        d["message"] = f.message;
        d["severity"] = f.failure ? "failure" : "warning";
        out.append(d);
    }
    return out;
}

// Every error of a model (adva validate): {"errors": [{id, where, rule, seen, line, column, message}],
// "error_count": n}, plus "model" when there is none.
nb::dict model_check_dict(io::model_check check) {
    nb::list errors;
    for (const auto& e : check.errors) {
        nb::dict d;
        d["id"] = e.id();
        d["where"] = e.where();
        d["rule"] = e.rule();
        d["seen"] = e.seen();
        d["line"] = e.position().line;
        d["column"] = e.position().column;
        d["message"] = std::string(e.what());
        errors.append(d);
    }
    nb::dict out;
    out["errors"] = errors;
    out["error_count"] = check.error_count;
    if (check.model) out["model"] = nb::cast(std::move(*check.model));
    return out;
}

nb::list string_list(const std::vector<std::string>& xs) {
    nb::list out;
    for (const auto& x : xs) out.append(x);
    return out;
}

/// verify() as Python's Verification holds it: the status, whether it verifies under `strict`, and
/// the error require_verified() raises when it does not (Verification.raise_if_failed raises it).
nb::dict verification_dict(const appraisal& model, const std::string& digest, const std::string& public_key,
                           bool strict) {
    const verify_options options{digest, public_key};
    governance_status s;
    try {
        s = verify(model, options);
    } catch (const adva::error& e) {
        rethrow_for_python(e);
    }
    nb::dict d = governance_dict(s);
    d["verified"] = s.verified(strict);
    d["strict"] = strict;
    d["entries"] = model.governance.audit.size();
    d["published_digest_checked"] = !digest.empty();
    d["signatures_checked"] = !public_key.empty();
    d["error"] = nb::none();
    try {
        require_verified(s, strict);
    } catch (const integrity_error& e) {
        d["error"] = nb::make_tuple(e.what(), e.id(), e.where(), e.rule(), e.seen());
    }
    return d;
}

/// A sheet's scores applied on a copy (import_scores() is all or nothing already; the copy keeps
/// the model as it was when reading or checking the sheet fails): what changed, as a dict.
nb::dict import_sheet(appraisal& model, const io::sheet_table& table, const std::string& by, const std::string& rationale,
                      const std::string& at, const std::string& signing_key) {
    return on_copy(model, [&](appraisal& m) {
        const auto summary = io::import_scores(m, io::read_sheet_scores(m, table),
                                               io::import_request{request(by, at, signing_key), rationale});
        nb::list changes;
        for (std::size_t i = 0; i < summary.changes.size(); ++i) {
            const auto& c = summary.changes[i];
            nb::dict d;
            d["option"] = c.option;
            d["criterion"] = c.criterion;
            d["before"] = c.before ? nb::cast(c.before->central()) : nb::none();
            d["after"] = c.after.central();
            d["rationale"] = c.after.rationale;
            d["by"] = summary.changed_by[i];
            changes.append(d);
        }
        nb::dict d;
        d["changes"] = changes;
        d["unchanged"] = summary.unchanged;
        d["entries"] = summary.entries;
        d["warnings"] = string_list(summary.warnings);
        return d;
    });
}

}  // namespace

nb::dict governance_dict(const governance_status& s) {
    nb::dict d;
    d["state"] = s.state();
    d["status_text"] = io::lock_status_text(s);
    d["locked"] = s.locked;
    d["digest_matches"] = s.digest_matches;
    d["reopened"] = s.reopened;
    d["recorded_digest"] = s.recorded_digest;
    d["current_digest"] = s.current_digest;
    d["record_head"] = s.record_head;
    d["revisions"] = s.revisions;
    d["weights_revised_after_scoring"] = s.weights_revised_after_scoring;
    d["score_changes_recorded"] = s.score_changes_recorded;
    d["scored_before_lock"] = s.scored_before_lock;
    d["reopen_reason"] = s.reopen_reason;
    d["findings"] = findings_list(s.findings);
    d["imputations"] = string_list(s.imputations);
    d["warnings"] = string_list(s.warnings);
    return d;
}

void register_model(nb::module_& m) {
    nb::class_<appraisal>(m, "Model", "A validated appraisal model (C++ adva::appraisal).")
        .def_static(
            "from_json_text", [](std::string_view text) { return io::parse_model(text); }, nb::arg("text"),
            "Parses and validates a model from JSON text (format v1).")
        .def_static(
            "load", [](const std::string& path) { return io::load_model(path); }, nb::arg("path"),
            "Reads and validates a model file.")
        .def_static(
            "check_text", [](std::string_view text) { return model_check_dict(io::check_model_text(text)); },
            nb::arg("text"), "Every error of a model in JSON text (at most 100 kept), and the model when none.")
        .def_static(
            "check_file", [](const std::string& path) { return model_check_dict(io::check_model_file(path)); },
            nb::arg("path"), "Every error of a model file, located by line and column, and the model when none.")
        .def(
            "to_json_text", [](const appraisal& a, int indent) { return io::model_to_json(a).dump(indent); },
            nb::arg("indent") = -1, "The model as JSON text (lossless).")
        .def(
            "framing_json_text", [](const appraisal& a) { return io::framing_to_json(a).dump(); },
            "The canonical JSON of the framing (what the digest covers).")
        .def(
            "save",
            [](const appraisal& a, const std::string& path, bool overwrite) {
                io::save_model(a, path, overwrite ? io::if_exists::replace : io::if_exists::refuse);
            },
            nb::arg("path"), nb::arg("overwrite") = true,
            "Writes the model as JSON under the output policy (adva/io/output.hpp).")
        .def("validate", [](const appraisal& a) { adva::validate(a); }, "Checks every rule of the model.")
        .def(
            "lock",
            [](appraisal& a, const std::string& by, const std::string& at, const std::string& signing_key,
               bool direct_weights) {
                return on_copy(a, [&](appraisal& m) { return adva::lock(m, request(by, at, signing_key, direct_weights)); });
            },
            nb::arg("by"), nb::arg("at") = "", nb::arg("signing_key") = "", nb::arg("direct_weights") = false,
            "Validates and locks the framing (digest, snapshot, a chained lock entry); returns advice.")
        .def(
            "reopen",
            [](appraisal& a, const std::string& reason, const std::string& by, const std::string& at,
               const std::string& signing_key) {
                on_copy(a, [&](appraisal& m) { adva::reopen(m, reason, request(by, at, signing_key)); });
            },
            nb::arg("reason"), nb::arg("by") = "", nb::arg("at") = "", nb::arg("signing_key") = "",
            "Releases the lock with a recorded reason.")
        .def(
            "record_scores",
            [](appraisal& a, std::string_view scores, const std::string& rationale, const std::string& by,
               const std::string& at, const std::string& signing_key) {
                const auto assignments = score_assignments(scores);
                on_copy(a, [&](appraisal& m) { record_scores(m, assignments, rationale, request(by, at, signing_key)); });
            },
            nb::arg("scores"), nb::arg("rationale"), nb::arg("by"), nb::arg("at") = "", nb::arg("signing_key") = "",
            "Changes scores after lock through the record (scores: JSON {option: {criterion: score}}).")
        .def(
            "criteria_guide_json_text",
            [](const appraisal& a, const std::string& group) {
                return io::criterion_guides_to_json(io::criterion_guides(a, group, "group")).dump();
            },
            nb::arg("group") = "", "What to enter for each leaf criterion (adva criteria --format json), as JSON text.")
        .def(
            "scoresheet_rows", [](const appraisal& a, const std::string& group) { return io::scoresheet(a, group, "group").rows; },
            nb::arg("group") = "", "The scoring sheet as rows of text, the header first (adva scoresheet).")
        .def(
            "write_scoresheet",
            [](const appraisal& a, const std::string& path, const std::string& group, const std::string& format, bool overwrite) {
                const auto sheet = io::scoresheet(a, group, "group");
                // A workbook is written in full first: the file is replaced only once its bytes exist.
                const std::string data = io::scoresheet_format(path, format, "format") == io::sheet_format::xlsx
                                             ? io::sheet_to_xlsx(sheet)
                                             : io::sheet_to_csv(sheet);
                io::write_file(path, data, overwrite ? io::if_exists::replace : io::if_exists::refuse);
            },
            nb::arg("path"), nb::arg("group"), nb::arg("format"), nb::arg("overwrite"),
            "Writes the scoring sheet as CSV or a workbook (format \"csv\", \"xlsx\"; empty: by the extension) under "
            "the output policy.")
        .def(
            "import_scores_file",
            [](appraisal& a, const std::string& path, const std::string& format, const std::string& by,
               const std::string& rationale, const std::string& at, const std::string& signing_key) {
                const auto sheet_format = io::scoresheet_format(path, format, "format");
                // "-" is a file of that name here: a notebook has no standard input.
                return import_sheet(a, io::read_sheet(path == "-" ? "./-" : path, sheet_format), by, rationale, at, signing_key);
            },
            nb::arg("path"), nb::arg("format"), nb::arg("by"), nb::arg("rationale"), nb::arg("at") = "",
            nb::arg("signing_key") = "",
            "Reads a scoring sheet, CSV or a workbook (format as for write_scoresheet), and applies its scores "
            "(adva import-scores).")
        .def("governance", [](const appraisal& a) { return governance_dict(check_governance(a)); },
             "The governance status as a dict.")
        .def("verify", &verification_dict, nb::arg("digest") = "", nb::arg("public_key") = "", nb::arg("strict") = false,
             "Checks the decision record against the model, a published digest and a public key.")
        .def("framing_digest", [](const appraisal& a) { return framing_digest(a); },
             "SHA-256 of the canonical framing JSON.")
        .def("is_locked", [](const appraisal& a) { return a.governance.locked; })
        .def("check_edit", [](const appraisal& current, const appraisal& edited) { check_edit(current, edited); },
             nb::arg("edited"),
             "StageError unless `edited` may replace this model by an edit outside the record (adva::check_edit): "
             "the governance record unchanged, and the framing unchanged while locked.")
        .def("has_scores", [](const appraisal& a) { return a.has_scores(); })
        .def("copy", [](const appraisal& a) { return appraisal(a); }, "A deep copy.")
        .def("__eq__", [](const appraisal& a, const appraisal& b) { return a == b; })
        .def("option_ids", [](const appraisal& a) {
            std::vector<std::string> ids;
            for (const auto& o : a.options) ids.push_back(o.id);
            return ids;
        })
        .def("group_ids", [](const appraisal& a) {
            std::vector<std::string> ids;
            for (const auto& g : a.groups) ids.push_back(g.id);
            return ids;
        });

    m.def("default_model", [] { return io::default_model(); },
          "The embedded children's services model (illustrative figures).");
    m.def("starter_model", [] { return io::starter_model(); },
          "The default question set, criteria, gates and options with no answers and no scores.");
    m.def(
        "read_key_file",
        [](const std::string& path, const std::string& what) {
            // "-" is a file of that name here: a notebook has no standard input to read a key from.
            return io::read_source(path == "-" ? "./-" : path, max_key_bytes, what);
        },
        nb::arg("path"), nb::arg("what"), "The text of a key file (PEM), at most 64 KiB.");
    m.attr("model_format_version") = model_format_version;
    // The Python layer writes documents within the reader's limits (adva/_args.py).
    m.attr("json_max_depth") = io::read_limits{}.max_depth;
    m.attr("json_max_bytes") = io::read_limits{}.max_bytes;

    // Every file the Python package writes goes through here, so it follows the CLI's policy.
    m.def(
        "write_file",
        [](const std::string& path, const nb::bytes& data, bool overwrite) {
            const std::string_view content(data.c_str(), data.size());
            nb::gil_scoped_release unlocked;
            io::write_file(path, content, overwrite ? io::if_exists::replace : io::if_exists::refuse);
        },
        nb::arg("path"), nb::arg("data"), nb::arg("overwrite"),
        "Writes data as the whole file: a regular file replaced atomically (refused if it exists and "
        "not overwrite), a device or FIFO written into, a directory refused.");
}

}  // namespace adva::python
