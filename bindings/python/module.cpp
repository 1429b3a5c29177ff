// adva._core: the private extension module behind the pure-Python package `adva`. Each area
// registers its own names (register_<area>.cpp); this file wires the error translation so that every
// adva::error reaches Python as the matching class of adva.errors, carrying id, where, rule, seen.
#include <exception>
#include <new>

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "adva/error.hpp"
#include "adva/io/decode.hpp"
#include "bindings.hpp"

namespace adva::python {
namespace {

/// Raises adva.errors.<class_name>(message, id, where, rule, seen). The classes are defined in
/// Python (they need multiple inheritance: InvalidInputError is also a ValueError); if the package is
/// not importable (the extension loaded on its own) the built-in base is raised instead.
void raise_as(const char* class_name, PyObject* fallback, const adva::error& e) {
    // A message may quote input cut in the middle of a UTF-8 sequence: escaped, never a UnicodeDecodeError.
    auto text = [](const std::string& s) {
        return nb::steal(PyUnicode_DecodeUTF8(s.data(), Py_ssize_t(s.size()), "backslashreplace"));
    };
    try {
        nb::object cls = nb::module_::import_("adva.errors").attr(class_name);
        nb::object instance = cls(text(e.what()), text(e.id()), text(e.where()), text(e.rule()), text(e.seen()));
        PyErr_SetObject(cls.ptr(), instance.ptr());
    } catch (const nb::python_error&) {
        PyErr_SetObject(fallback, text(e.what()).ptr());
    }
}

void translate(const std::exception_ptr& p, void*) {
    try {
        std::rethrow_exception(p);
    } catch (const adva::limit_exceeded& e) {
        raise_as("LimitExceededError", PyExc_ValueError, e);
    } catch (const adva::invalid_input& e) {
        raise_as("InvalidInputError", PyExc_ValueError, e);
    } catch (const adva::stage_error& e) {
        raise_as("StageError", PyExc_RuntimeError, e);
    } catch (const adva::integrity_error& e) {
        raise_as("IntegrityError", PyExc_RuntimeError, e);
    } catch (const adva::computation_error& e) {
        raise_as("ComputationError", PyExc_RuntimeError, e);
    } catch (const adva::error& e) {
        raise_as("Error", PyExc_RuntimeError, e);
    } catch (const std::bad_alloc&) {
        throw;  // nanobind's MemoryError
    } catch (const std::exception& e) {
        // Not an adva::error: a defect of the library, still reported as an adva error (never a bare
        // RuntimeError or IndexError from nanobind's defaults).
        raise_as("ComputationError", PyExc_RuntimeError, adva::error("adva.internal", "", "unexpected failure in the library", e.what()));
    }
}

}  // namespace

nlohmann::json parse_json_argument(std::string_view text, const std::string& where) {
    try {
        return io::parse_json(text, io::matrix_read_limits());
    } catch (const limit_exceeded& e) {
        throw limit_exceeded(e.id(), where + e.where(), e.rule(), e.seen());
    } catch (const invalid_input& e) {
        throw invalid_input(e.id(), where + e.where(), e.rule(), e.seen());
    }
}

}  // namespace adva::python

NB_MODULE(_core, m) {
    m.doc() = "Private extension module of adva: use the package `adva`, not this module.";
    m.attr("__version__") = ADVA_VERSION;
    nanobind::register_exception_translator(&adva::python::translate);
    adva::python::register_model(m);
    adva::python::register_appraisal(m);
    adva::python::register_methods(m);
    adva::python::register_robustness(m);
    adva::python::register_elicitation(m);
    adva::python::register_batch(m);
    adva::python::register_trajectory(m);
}
