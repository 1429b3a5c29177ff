#pragma once
// Forward declarations of adva's public model, analysis and error types, for headers that only
// pass them by reference. Scoped enums are declared with their (default int) underlying type.
namespace adva {

// errors (error.hpp)
class error;
class invalid_input;
class limit_exceeded;
class stage_error;
class computation_error;

// model (model/*.hpp)
struct appraisal;
struct appraisal_context;
enum class discounting;
struct stakeholder_group;
struct consensus_rule;
enum class consensus_method;
struct service_function;
struct question;
enum class question_kind;
struct answer;
struct criterion;
struct value_function;
enum class value_function_kind;
enum class direction;
enum class scale_type;
struct attribute_definition;
enum class attribute_type;
enum class comparison;
enum class gate_kind;
enum class unknown_policy;
struct gate;
struct vehicle_type;
struct option;
struct score;
enum class uncertainty;
struct cost_line;
enum class cost_kind;
enum class cost_category;
enum class price_basis;
struct benefit_line;
enum class benefit_discounting;
struct economics_settings;
struct governance;
struct governance_status;
struct audit_entry;

// analysis (analysis/results.hpp, analysis/appraise.hpp)
enum class relative_basis;
struct appraise_options;
struct weight_set;
enum class gate_status;
struct gate_outcome;
struct screening_entry;
struct ranked_option;
struct dominance_entry;
struct value_for_money_entry;
struct explanation_line;
struct explanation;
struct appraisal_result;

}  // namespace adva
