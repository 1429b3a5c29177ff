// adva._core.Model: the C++ appraisal model held by value. Python edits go through JSON (the
// model-format contract, docs/model-format.md): the pure-Python layer builds a dict, and
// Model.from_json_text validates it completely before anything changes, so an edit is all or
// nothing and every error names its JSON pointer.
#include <string>

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "adva/io/model_json.hpp"
#include "adva/io/output.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

nb::dict governance_dict(const governance_status& s) {
    nb::dict d;
    d["state"] = s.state();
    d["locked"] = s.locked;
    d["digest_matches"] = s.digest_matches;
    d["recorded_digest"] = s.recorded_digest;
    d["current_digest"] = s.current_digest;
    d["weights_revised_after_scoring"] = s.weights_revised_after_scoring;
    d["scored_before_lock"] = s.scored_before_lock;
    nb::list w;
    for (const auto& x : s.warnings) w.append(x);
    d["warnings"] = w;
    return d;
}

}  // namespace

void register_model(nb::module_& m) {
    nb::class_<appraisal>(m, "Model", "A validated appraisal model (C++ adva::appraisal).")
        .def_static(
            "from_json_text", [](std::string_view text) { return io::parse_model(text); }, nb::arg("text"),
            "Parses and validates a model from JSON text (format v1).")
        .def_static(
            "load", [](const std::string& path) { return io::load_model(path); }, nb::arg("path"),
            "Reads and validates a model file.")
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
            "lock", [](appraisal& a, const std::string& by, const std::string& at) { adva::lock(a, by, at); },
            nb::arg("by") = "", nb::arg("at") = "", "Validates and locks the framing (records its SHA-256 digest).")
        .def(
            "reopen",
            [](appraisal& a, const std::string& reason, const std::string& by, const std::string& at) {
                adva::reopen(a, reason, by, at);
            },
            nb::arg("reason"), nb::arg("by") = "", nb::arg("at") = "", "Releases the lock with a recorded reason.")
        .def("governance", [](const appraisal& a) { return governance_dict(check_governance(a)); },
             "The governance status as a dict.")
        .def("framing_digest", [](const appraisal& a) { return framing_digest(a); },
             "SHA-256 of the canonical framing JSON.")
        .def("is_locked", [](const appraisal& a) { return a.governance.locked; })
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
