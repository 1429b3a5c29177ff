#pragma once
// Must-haves. A gate is evaluated per option: pass, fail or unknown, always with a reason.
// Attribute gates test a declared option attribute; threshold gates test an option's 0–100 value
// on a criterion (leaf or interior node); affordability gates test an option's cost against the
// budget envelope (economics.budget): its largest shortfall in any one year and category.
#include <string>
#include <variant>
#include <vector>

namespace adva {

/// The name of the consensus weight set (a gate's default weights; a weight_set's name).
inline constexpr const char* consensus_weights_name = "consensus";

enum class attribute_type { boolean, number, text };

/// Declared option attribute (ownership, control, legal form, procurement route …). Gates may only
/// refer to declared attributes, and options may only set declared attributes.
struct attribute_definition {
    std::string id;
    std::string name;
    attribute_type type = attribute_type::text;
    std::string description;

    friend bool operator==(const attribute_definition&, const attribute_definition&) = default;
};

using attribute_value = std::variant<bool, double, std::string>;

enum class comparison { equal, not_equal, less, less_equal, greater, greater_equal, one_of, none_of };

enum class gate_kind { attribute, threshold, affordability };

/// What an unknown outcome (attribute not set, criterion not scored) does to an option.
enum class unknown_policy {
    keep,      ///< stays on the short list, flagged for follow-up (default: absence of evidence
               ///< is not evidence of failure)
    discount,  ///< treated as a failure
};

struct gate {
    std::string id;
    std::string name;
    std::string description;
    gate_kind kind = gate_kind::attribute;
    std::string attribute;                ///< attribute gates
    std::string criterion;                ///< threshold gates
    comparison op = comparison::equal;
    std::vector<attribute_value> values;  ///< attribute gates: one value, or the set for one_of/none_of
    /// Threshold gates: the 0–100 value compared with op. Affordability gates: the largest shortfall
    /// tolerated in any one year and category, in the model's currency (op: less_equal or less).
    double threshold = 0.0;
    /// Threshold gates on an interior node: the weight set its value is computed with — the
    /// consensus, or a named stakeholder group's. A must-have never moves with the group whose view
    /// of the ranking is shown, nor with the weights of a what-if scenario.
    std::string weights = consensus_weights_name;
    unknown_policy on_unknown = unknown_policy::keep;

    friend bool operator==(const gate&, const gate&) = default;
};

}  // namespace adva
