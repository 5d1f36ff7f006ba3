// Disclosure control: the one publication step that decides which counts of people an export may
// show, and the audit that proves no withheld count can be worked out from what is shown.
// The method, its anchors (τ-ARGUS, sdcTable) and its limits are in docs/privacy.md.
//
// The model. An exact table is a list of cells, each a whole-number count of people (>= 0), and the
// additive relations the published numbers obey, each "total = part + part + ...": a polygon's
// status, cohort and category columns each add up to its beneficiaries; a column's polygons add up
// to its regency total (also what a legend prints); a difference column d = a - b is the relation
// a = b + d. Every number an export prints must be a cell of the model, or it can leak around it.
//
// The attacker. Knows every published cell exactly, every relation, and that every cell is >= 0.
// A withheld cell is an unknown. The attacker's interval for a withheld cell is [min, max] of that
// cell over all tables that fit this knowledge, computed by linear programming (GLPK). The LP is the
// continuous relaxation of the integer problem: its interval contains the integer one, so a
// relaxed interval that is wide enough can still be narrower for integers by less than 1 at each end
// (see docs/privacy.md, Limits).
//
// The requirements, checked for every withheld primary cell (a small count) with true value v:
//   value protection:  min <= max(0, v - p)  and  max >= v + p,  p = DisclosureSettings::protection
//                      (2 by default: the attacker cannot narrow the count below [v-2, v+2], clipped
//                      at 0, so a 1 can be anything from 0 to at least 3).
//   attribute protection: in a relation whose total is itself a small count, for every withheld part
//                      the attacker cannot prove part = total, i.e. max(total - part) >= 1 (else a
//                      "<3" total whose other parts are published zeros tells the category, cohort or
//                      status of all of the polygon's few families).
// Complementary cells ("x") are withheld only to protect the primary ones and carry no requirement
// of their own (as in τ-ARGUS and sdcTable).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pk {

struct DisclosureSettings {
  int threshold = 3;   // counts 1..threshold-1 are primary suppressions ("<3"); 1 or less: none
  int protection = 2;  // p of the value requirement above; 0: only the primary rule
};

// The exact table to publish.
struct DisclosureTable {
  struct Cell {
    std::string row;     // polygon code, or "total" for the regency row
    std::string column;  // column name ("beneficiaries", "category_jasa", ...)
    std::int64_t value = 0;
    // Printed elsewhere (a legend's total): chosen as a complementary suppression only when no
    // other choice protects a cell (it is then withheld in the release record, and its printer must
    // follow). A small count is still a primary suppression.
    bool alwaysPublished = false;
  };
  // cells[total] = sum of cells[parts]; `what` names the relation in audit messages.
  struct Relation {
    int total = -1;
    std::vector<int> parts;
    std::string what;
  };
  std::vector<Cell> cells;
  std::vector<Relation> relations;

  // Adds a cell, returns its index. A negative value throws std::invalid_argument.
  int addCell(std::string row, std::string column, std::int64_t value, bool alwaysPublished = false);
  // Adds total = sum(parts). Throws std::invalid_argument when an index is out of range or the
  // exact values do not add up (a model that contradicts its own data protects nothing).
  void addSum(int total, std::vector<int> parts, std::string what);
  // The index of the cell (row, column), or -1.
  int find(const std::string& row, const std::string& column) const;
};

enum class CellStatus {
  Published,      // the exact value is shown
  Primary,        // a small count, shown as "<3"
  Complementary,  // withheld to protect a primary cell, shown as "x"
};

// One number an export may print: the release record lists every one of them.
struct ReleasedNumber {
  std::string row, column;
  std::int64_t value = 0;
};

struct PublishedTable {
  std::vector<CellStatus> status;  // parallel to DisclosureTable::cells
  std::vector<std::string> text;   // "12", "<3" or "x", parallel to the cells
  std::vector<ReleasedNumber> released;  // every Published cell, in cell order
  int primaryCount = 0;
  int complementaryCount = 0;
  bool withheld(size_t cell) const { return status[cell] != CellStatus::Published; }
};

// The publication step: primary suppression of every count 1..threshold-1, then complementary
// suppressions until the audit passes. For each primary cell that fails a requirement it solves a
// linear program for the cheapest change of the whole table that moves the cell to the bound it
// must reach (v+p, max(0, v-p), or total > part) while keeping every relation and every cell >= 0;
// the cost of changing a published cell is 1 + its value per unit, so small cells and few cells are
// preferred and totals are used last. Every published cell that change touches is withheld. Since
// withholding more only widens intervals, each fix stays fixed, and one pass over the primary cells
// ends with an audit that passes (checked again at the end: std::logic_error if not).
PublishedTable publishTable(const DisclosureTable& exact, const DisclosureSettings& settings);

// ---- the audit ----

struct CellAudit {
  int cell = -1;
  bool primary = false;
  double low = 0, high = 0;  // the attacker's interval (LP relaxation); high may be +infinity
  bool protectedEnough = true;  // the value requirement (always true for complementary cells)
};
struct AttributeAudit {
  int relation = -1, part = -1;
  double maxRest = 0;  // the attacker's largest total - part
  bool protectedEnough = true;
};
struct DisclosureAudit {
  std::vector<CellAudit> cells;            // one per withheld cell
  std::vector<AttributeAudit> attributes;  // one per withheld part of a relation with a primary total
  bool passes() const;
  // One line per failure: "row/column: attacker interval [1, 1], needs [0, 3]".
  std::vector<std::string> failures(const DisclosureTable& exact, const DisclosureSettings& settings) const;
};

// Audits a suppression pattern: `withheld` is parallel to exact.cells (true: not published). Which
// withheld cells are primary follows from their exact values and the threshold.
DisclosureAudit auditDisclosure(const DisclosureTable& exact, const std::vector<bool>& withheld,
                                const DisclosureSettings& settings);

// The withheld mask of a published table.
std::vector<bool> withheldMask(const PublishedTable& published);

}  // namespace pk
