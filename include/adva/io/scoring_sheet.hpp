#pragma once
// Scoring by a panel (docs/scoring.md): what to enter for each leaf criterion (adva criteria), a
// scoring sheet with one row per option and leaf (adva scoresheet), and the sheet read back and
// applied (adva import-scores). After lock, imported scores go through the decision record
// (record_scores in adva/model/governance.hpp), so the rule for changing a locked model's scores
// lives in one place. Definitions in src/io/scoring_sheet.cpp (target adva::io).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/io/report.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"

namespace adva::io {

/// A leaf criterion as an analyst scores it: one row of `adva criteria`.
struct criterion_guide {
    std::string id;
    std::string name;
    std::vector<std::string> ancestors;  ///< ids of the parents, top level first
    std::string parent_path;             ///< their names, "Strategic fit > Quality"
    std::string csf;                     ///< Green Book critical success factor, if tagged
    std::string function;                ///< the function (problem) the criterion comes from, if any
    std::string direction;               ///< "higher is better" / "lower is better" (better_text)
    std::string unit;                    ///< unit of the measured level ("" for 0–100 scores)
    std::string scale;                   ///< "fixed" / "relative"
    std::optional<std::pair<double, double>> domain;  ///< admissible levels; none on a relative scale
    std::string domain_text;             ///< "[6, 36] months", "[0, 100] points", "any finite number"
    std::string outside_domain;          ///< what entering a level outside the domain does
    std::string anchor_low;              ///< what a value of 0 means
    std::string anchor_high;             ///< what a value of 100 means
    std::string value_function;          ///< in words (the decision report's wording)
    std::string enter;                   ///< what to enter, in one line
    double weight = 0.0;                 ///< global weight (leaves sum to 1) of the weight set used
};

/// The leaves of the value tree in model order, with the consensus weights (group empty) or one
/// stakeholder group's (adva.cli.unknown_group naming the known groups, where = `where`).
std::vector<criterion_guide> criterion_guides(const appraisal& model, const std::string& group = {},
                                              const std::string& where = "--group");

/// The guides as `adva criteria` prints them: table (a block per criterion, for people), json (an
/// array of objects), csv (one row per leaf) or markdown (one table).
std::string render_criterion_guides(const std::vector<criterion_guide>& guides, report_format format);
nlohmann::json criterion_guides_to_json(const std::vector<criterion_guide>& guides);

// --- the scoring sheet ---------------------------------------------------------------------------

/// Columns of a scoring sheet, in order. import_scores() needs option, criterion, distribution,
/// value, low, high, sd, rationale and scored_by; the other columns tell the panel what it scores
/// and are ignored when read back (any of them may be deleted; no column may be added).
const std::vector<std::string>& scoresheet_columns();

/// A scoring sheet: a header row (scoresheet_columns()) then one row per option and leaf
/// criterion, model order, every option (discounted ones marked in column "screening"). Cells are
/// text; numbers are written in full precision so that the sheet reads back to the same scores.
struct sheet_table {
    std::string source;                          ///< the file name errors start with ("sheet.csv")
    std::vector<std::vector<std::string>> rows;  ///< header first
    std::vector<std::size_t> lines;              ///< where each row starts (1-based), as errors name it
};
sheet_table scoresheet(const appraisal& model, const std::string& group = {}, const std::string& where = "--group");

/// The table as RFC 4180 CSV (CRLF line ends, fields quoted when needed).
std::string sheet_to_csv(const sheet_table& table);

/// The largest scoring sheet read: CSV text; a workbook's file, its parts unpacked together, and
/// the text of its cells (a shared string counts wherever it is used).
inline constexpr std::size_t max_sheet_bytes = 64u << 20;
inline constexpr std::size_t max_sheet_columns = 64;
/// Cells of a workbook's sheet as read (rows x columns of the table, shared strings): a scoring sheet
/// has one row per option and leaf criterion, 19 columns.
inline constexpr std::size_t max_sheet_cells = std::size_t(1) << 22;

/// The file formats of a scoring sheet.
enum class sheet_format { csv, xlsx };

/// The format of sheet file `path`: `format` ("csv" or "xlsx") when given, else xlsx for a name
/// ending in .xlsx (any case), else csv. Another format is adva.scoresheet.format at `where`.
sheet_format scoresheet_format(const std::string& path, const std::string& format = {}, const std::string& where = "--format");

/// Reads CSV text strictly (RFC 4180: fields separated by commas, quoted with '"', '""' inside
/// quotes, CRLF or LF line ends; a UTF-8 byte order mark is skipped). Refused with adva.scoresheet.csv
/// naming `source` and the line: an unterminated quote, text after a closing quote, a NUL byte,
/// more than max_sheet_columns fields (adva.limits.sheet_columns), more than max_sheet_cells fields
/// in all (adva.limits.sheet_cells), or a row with another number of fields than the header.
/// Rows of empty fields only are kept (the importer skips them).
sheet_table parse_csv(std::string_view text, const std::string& source);

/// read_source() with max_sheet_bytes, then parse_csv(); source names the file in errors.
sheet_table read_csv_sheet(const std::string& path);

/// Whether a workbook holds the cells of this column as numbers: weight, value, low, high and sd.
bool is_number_column(std::string_view column);

/// The table as an Excel workbook, the bytes of an .xlsx file (libxlsxwriter): one worksheet,
/// "scoresheet", the header row bold, frozen and filtered. Cells of the number columns are numbers
/// (when their text is one), written so that they read back as the same doubles; every other cell is text,
/// never a formula ("=1+1" stays text). Empty cells are left out. Refused: text that is not UTF-8
/// (adva.excel.cell) and what a worksheet cannot hold: a cell of more than 32 767 characters, more
/// than 1 048 576 rows (adva.limits.workbook). Definitions in src/io/xlsx_write.cpp.
std::string sheet_to_xlsx(const sheet_table& table);

/// Reads the scoring sheet of a workbook (.xlsx bytes: libzip and expat; src/io/xlsx_read.cpp):
/// the sheet named "scoresheet" (any case), else the only sheet (adva.excel.missing_sheet). Each
/// cell as text: text as written (rich-text runs joined, _xHHHH_ escapes decoded), a number as the
/// shortest text that reads back as the same double, a boolean as true / false, an error as
/// Excel shows it (#N/A), a formula as its cached value. Rows without a value are left out; the
/// others are padded to the header's width, and `lines` holds their row numbers in the sheet, so
/// errors read `sheet.xlsx:7: column "value"`. Refused, naming `source` and the problem:
///  - not a zip archive, a damaged one, a missing part (adva.excel.not_a_workbook);
///  - a part that is not well-formed UTF-8 XML, has a DOCTYPE (entities) or nests deeper than 64
///    elements (adva.excel.xml);
///  - a cell reference outside A1:XFD1048576, a cell given twice, a shared string that does not
///    exist, a number that is not one, an unknown cell type (adva.excel.cell);
///  - a value right of the header's last column (adva.scoresheet.columns);
///  - beyond the bounds above, checked while unpacking and reading, before memory is taken:
///    max_sheet_bytes (adva.limits.input_size), max_sheet_columns (adva.limits.sheet_columns),
///    max_sheet_cells (adva.limits.sheet_cells).
sheet_table parse_xlsx(std::string_view bytes, const std::string& source);

/// The file (at most max_sheet_bytes; "-" is standard input), then parse_xlsx().
sheet_table read_xlsx_sheet(const std::string& path);

/// read_csv_sheet() or read_xlsx_sheet().
sheet_table read_sheet(const std::string& path, sheet_format format);

/// A score read from one row of a sheet.
struct sheet_score {
    std::string option;
    std::string criterion;
    score value;               ///< rationale empty when the row gave none
    std::string scored_by;     ///< empty when the row gave none
    std::size_t line = 0;
};

/// The scores of a sheet, checked against the model: the header (the required columns, no
/// unknown or repeated column: adva.scoresheet.columns), each row's ids (adva.scoresheet.unknown_id
/// listing the known ids, closest first), numbers (adva.scoresheet.not_a_number), the distribution
/// and the cells it uses (adva.scoresheet.distribution), each option and criterion at most once
/// (adva.scoresheet.duplicate_row), and validate_score(): the level within the criterion's domain
/// (adva.model.out_of_scale naming the domain), the shape of a distribution. Errors name the place
/// as `sheet.csv:7: column "value"`. Rows with no distribution and no value are unscored: skipped.
std::vector<sheet_score> read_sheet_scores(const appraisal& model, const sheet_table& table);

/// Who imports and why; `request.by` and `rationale` are required and stand in for a row without
/// scored_by or rationale.
struct import_request {
    record_request request;
    std::string rationale;
};

struct import_summary {
    std::vector<recorded_change> changes;  ///< what changed, in sheet order (rationale left out)
    std::vector<std::string> changed_by;   ///< who scored each change
    std::size_t unchanged = 0;             ///< rows equal to the model's score
    std::size_t entries = 0;               ///< audit entries made (locked framing: one per scorer)
    std::vector<std::string> warnings;
};

/// Applies a sheet's scores to the model, all or nothing. A row equal to the model's score (same
/// distribution and numbers, and the same rationale or none) changes nothing. With a locked
/// framing the changes go through record_scores(), one audit entry per scorer (scored_by, else
/// request.by) holding each row's rationale; an unlocked model's scores are set directly (the
/// scorer is then not kept: a warning says so). Refuses what record_scores() refuses.
import_summary import_scores(appraisal& model, const std::vector<sheet_score>& scores, const import_request& request);

}  // namespace adva::io
