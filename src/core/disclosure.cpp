#include "core/disclosure.h"

#include <array>
#include <cmath>
#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>

#include <glpk.h>

#include "core/privacy.h"

namespace pk {

int DisclosureTable::addCell(std::string row, std::string column, std::int64_t value, bool alwaysPublished) {
  if (value < 0) throw std::invalid_argument("disclosure: cell " + row + "/" + column + " holds a negative count");
  cells.push_back({std::move(row), std::move(column), value, alwaysPublished});
  return int(cells.size()) - 1;
}

void DisclosureTable::addSum(int total, std::vector<int> parts, std::string what) {
  auto valid = [&](int i) { return i >= 0 && size_t(i) < cells.size(); };
  if (!valid(total)) throw std::invalid_argument("disclosure: relation '" + what + "' has no total cell");
  std::int64_t sum = 0;
  for (int p : parts) {
    if (!valid(p) || p == total)
      throw std::invalid_argument("disclosure: relation '" + what + "' names a part that is not a cell");
    sum += cells[p].value;
  }
  if (sum != cells[total].value)
    throw std::invalid_argument("disclosure: relation '" + what + "' does not add up: " + std::to_string(sum) +
                                " != " + std::to_string(cells[total].value));
  relations.push_back({total, std::move(parts), std::move(what)});
}

int DisclosureTable::find(const std::string& row, const std::string& column) const {
  for (size_t i = 0; i < cells.size(); ++i)
    if (cells[i].row == row && cells[i].column == column) return int(i);
  return -1;
}

namespace {

constexpr double kEps = 1e-6;

bool isPrimary(const DisclosureTable& t, int cell, const DisclosureSettings& s) {
  return isSmallCount(t.cells[cell].value, s.threshold);
}

struct ProblemDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};
using Problem = std::unique_ptr<glp_prob, ProblemDeleter>;

// Loads the relations as rows "total - sum(parts) = 0" over the given column of each cell
// (columnOf(cell) -> 1-based GLPK column, sign of the variable). Shared by both programs.
template <class Columns>
void loadRelations(glp_prob* lp, const DisclosureTable& t, Columns columnsOf) {
  if (t.relations.empty()) return;
  const int first = glp_add_rows(lp, int(t.relations.size()));
  for (size_t r = 0; r < t.relations.size(); ++r) {
    const auto& rel = t.relations[r];
    std::vector<int> index{0};
    std::vector<double> value{0};
    auto add = [&](int cell, double sign) {
      for (auto [column, coefficient] : columnsOf(cell)) {
        index.push_back(column);
        value.push_back(sign * coefficient);
      }
    };
    add(rel.total, 1);
    for (int p : rel.parts) add(p, -1);
    glp_set_row_bnds(lp, first + int(r), GLP_FX, 0, 0);
    glp_set_mat_row(lp, first + int(r), int(index.size()) - 1, index.data(), value.data());
  }
}

// Solves with the primal simplex from the current basis (warm start between objectives).
int solve(glp_prob* lp, int method = GLP_PRIMAL) {
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_OFF;
  parm.meth = method;
  int rc = glp_simplex(lp, &parm);
  if (rc != 0) {  // a bad basis after bound changes: start again from the standard basis
    glp_std_basis(lp);
    rc = glp_simplex(lp, &parm);
  }
  if (rc != 0) throw std::runtime_error("disclosure: the LP solver failed (glp_simplex " + std::to_string(rc) + ")");
  return glp_get_status(lp);
}

// The attacker's program: one column per cell; published cells fixed, withheld ones >= 0.
class AttackerLp {
 public:
  AttackerLp(const DisclosureTable& t, const std::vector<bool>& withheld) : t_(t), lp_(glp_create_prob()) {
    const int n = int(t.cells.size());
    if (n > 0) glp_add_cols(lp_.get(), n);
    for (int i = 0; i < n; ++i) setWithheld(i, withheld[i]);
    loadRelations(lp_.get(), t, [](int cell) { return std::vector<std::pair<int, double>>{{cell + 1, 1.0}}; });
  }
  void setWithheld(int cell, bool withheld) {
    const double v = double(t_.cells[cell].value);
    if (withheld) glp_set_col_bnds(lp_.get(), cell + 1, GLP_LO, 0, 0);
    else glp_set_col_bnds(lp_.get(), cell + 1, GLP_FX, v, v);
  }
  // Min or max of sum(coefficient * cell); +-infinity when unbounded.
  double optimum(const std::vector<std::pair<int, double>>& objective, bool maximise) {
    glp_prob* lp = lp_.get();
    for (auto [cell, c] : lastObjective_) glp_set_obj_coef(lp, cell + 1, 0);
    for (auto [cell, c] : objective) glp_set_obj_coef(lp, cell + 1, c);
    lastObjective_ = objective;
    glp_set_obj_dir(lp, maximise ? GLP_MAX : GLP_MIN);
    const int status = solve(lp);
    if (status == GLP_UNBND) return maximise ? std::numeric_limits<double>::infinity()
                                             : -std::numeric_limits<double>::infinity();
    if (status != GLP_OPT)
      throw std::logic_error("disclosure: the attacker's program has no solution (the exact table breaks a relation)");
    std::vector<double> table(t_.cells.size());
    for (size_t i = 0; i < table.size(); ++i) table[i] = glp_get_col_prim(lp, int(i) + 1);
    addWitness(table);
    return glp_get_obj_val(lp);
  }

  // Witnesses: tables the attacker cannot exclude. Withholding more only relaxes the program, so a
  // table that fit once fits for good, and one with cell >= bound proves max(cell) >= bound without
  // solving. Kept as per-cell extremes, and the last few whole tables for differences.
  void addWitness(const std::vector<double>& table) {
    if (seenLow_.empty()) {
      seenLow_ = table;
      seenHigh_ = table;
    }
    for (size_t i = 0; i < table.size(); ++i) {
      seenLow_[i] = std::min(seenLow_[i], table[i]);
      seenHigh_[i] = std::max(seenHigh_[i], table[i]);
    }
    recent_[next_++ % recent_.size()] = table;
  }
  bool witnessHigh(int cell, double bound) const { return !seenHigh_.empty() && seenHigh_[cell] >= bound - kEps; }
  bool witnessLow(int cell, double bound) const { return !seenLow_.empty() && seenLow_[cell] <= bound + kEps; }
  bool witnessGap(int total, int part, double gap) const {
    for (const auto& table : recent_)
      if (!table.empty() && table[total] - table[part] >= gap - kEps) return true;
    return false;
  }

 private:
  const DisclosureTable& t_;
  Problem lp_;
  std::vector<std::pair<int, double>> lastObjective_;
  std::vector<double> seenLow_, seenHigh_;
  std::array<std::vector<double>, 16> recent_;
  size_t next_ = 0;
};

// The cheapest change of the table: per cell an increase u >= 0 and a decrease 0 <= d <= value,
// every relation kept; published cells cost (1 + value) per unit changed, withheld ones nothing.
class ChangeLp {
 public:
  explicit ChangeLp(const DisclosureTable& t) : t_(t), lp_(glp_create_prob()) {
    glp_prob* lp = lp_.get();
    const int n = int(t.cells.size());
    if (n > 0) glp_add_cols(lp, 2 * n);
    for (int i = 0; i < n; ++i) {
      glp_set_col_bnds(lp, up(i), GLP_LO, 0, 0);
      setDownBounds(i);
    }
    loadRelations(lp, t, [this](int cell) {
      return std::vector<std::pair<int, double>>{{up(cell), 1.0}, {down(cell), -1.0}};
    });
    extraRow_ = glp_add_rows(lp, 1);  // the attribute requirement, free when unused
    glp_set_row_bnds(lp, extraRow_, GLP_FR, 0, 0);
    glp_set_obj_dir(lp, GLP_MIN);
  }

  // The published cells the cheapest change moving `cell` by `delta` (> 0 up, < 0 down) touches.
  std::vector<int> cellsToMove(int cell, double delta, const std::vector<bool>& withheld) {
    glp_prob* lp = lp_.get();
    setCosts(withheld);
    if (delta > 0) {
      glp_set_col_bnds(lp, up(cell), GLP_FX, delta, delta);
      glp_set_col_bnds(lp, down(cell), GLP_FX, 0, 0);
    } else {
      glp_set_col_bnds(lp, up(cell), GLP_FX, 0, 0);
      glp_set_col_bnds(lp, down(cell), GLP_FX, -delta, -delta);
    }
    std::vector<int> touched = solveAndCollect(withheld, "move " + name(cell));
    applied_[size_t(cell)] = kUnset;  // its bounds are set again at the next call
    return touched;
  }

  // The published cells the cheapest change making total - part >= 1 touches.
  std::vector<int> cellsToSeparate(int total, int part, const std::vector<bool>& withheld) {
    glp_prob* lp = lp_.get();
    setCosts(withheld);
    const int index[] = {0, up(total), down(total), up(part), down(part)};
    const double value[] = {0, 1, -1, -1, 1};
    glp_set_mat_row(lp, extraRow_, 4, index, value);
    const double gap = double(t_.cells[total].value - t_.cells[part].value);
    glp_set_row_bnds(lp, extraRow_, GLP_LO, 1 - gap, 0);
    std::vector<int> touched = solveAndCollect(withheld, "separate " + name(part) + " from " + name(total));
    glp_set_row_bnds(lp, extraRow_, GLP_FR, 0, 0);
    glp_set_mat_row(lp, extraRow_, 0, nullptr, nullptr);
    return touched;
  }

 private:
  static int up(int cell) { return 2 * cell + 1; }
  static int down(int cell) { return 2 * cell + 2; }
  std::string name(int cell) const { return t_.cells[cell].row + "/" + t_.cells[cell].column; }
  // A cell printed elsewhere cannot be withheld, so the change may not move it.
  bool pinned(int cell, const std::vector<bool>& withheld) const {
    return t_.cells[cell].alwaysPublished && !withheld[cell];
  }
  void setDownBounds(int cell) {
    const double v = double(t_.cells[cell].value);
    glp_set_col_bnds(lp_.get(), down(cell), v > 0 ? GLP_DB : GLP_FX, 0, v);
  }
  void setBounds(int i, const std::vector<bool>& withheld) {
    {
      if (pinned(int(i), withheld)) {
        glp_set_col_bnds(lp_.get(), up(int(i)), GLP_FX, 0, 0);
        glp_set_col_bnds(lp_.get(), down(int(i)), GLP_FX, 0, 0);
      } else {
        glp_set_col_bnds(lp_.get(), up(int(i)), GLP_LO, 0, 0);
        setDownBounds(int(i));
      }
    }
  }
  // Costs and bounds follow the withheld pattern. Only cells whose state changed are touched: setting
  // a column's bounds resets its basis status, and a warm start is what keeps each solve short.
  void setCosts(const std::vector<bool>& withheld) {
    applied_.resize(t_.cells.size(), kUnset);
    for (size_t i = 0; i < t_.cells.size(); ++i) {
      const char state = withheld[i] ? 1 : 0;
      if (applied_[i] == state) continue;
      applied_[i] = state;
      setBounds(int(i), withheld);
      const double cost = withheld[i] ? 0.0 : 1.0 + double(t_.cells[i].value);
      glp_set_obj_coef(lp_.get(), up(int(i)), cost);
      glp_set_obj_coef(lp_.get(), down(int(i)), cost);
    }
  }
  static constexpr char kUnset = 2;
  std::vector<int> solveAndCollect(const std::vector<bool>& withheld, const std::string& what) {
    glp_prob* lp = lp_.get();
    // Between calls mostly bounds change (the moved cell's target): the last optimal basis stays
    // dual feasible, so the dual simplex restarts close to the answer.
    int status = solve(lp, GLP_DUALP);
    if (status != GLP_OPT) {
      // Only through a total printed elsewhere (a regency count that is itself small, or the
      // difference of two printed totals): withhold it too; its printer must follow the release record.
      for (size_t i = 0; i < t_.cells.size(); ++i)
        if (pinned(int(i), withheld)) {
          glp_set_col_bnds(lp, up(int(i)), GLP_LO, 0, 0);
          setDownBounds(int(i));
          applied_[i] = kUnset;  // pinned again at the next call
        }
      glp_std_basis(lp);
      status = solve(lp);
    }
    if (status != GLP_OPT)
      throw std::logic_error("disclosure: no change of the table can " + what + "; the cell cannot be protected");
    std::vector<int> touched;
    changedTable_.resize(t_.cells.size());
    for (size_t i = 0; i < t_.cells.size(); ++i) {
      const double u = glp_get_col_prim(lp, up(int(i))), d = glp_get_col_prim(lp, down(int(i)));
      changedTable_[i] = double(t_.cells[i].value) + u - d;
      if (!withheld[i] && u + d > kEps) touched.push_back(int(i));
    }
    return touched;
  }

 public:
  // The table of the last change: once its touched cells are withheld, the attacker cannot exclude it.
  const std::vector<double>& changedTable() const { return changedTable_; }

 private:

  const DisclosureTable& t_;
  Problem lp_;
  int extraRow_ = 0;
  std::vector<double> changedTable_;
  std::vector<char> applied_;  // per cell: the withheld state its bounds and costs were set for
};

// The value requirement's bounds for a primary cell of value v.
double neededLow(std::int64_t v, int p) { return double(std::max<std::int64_t>(0, v - p)); }
double neededHigh(std::int64_t v, int p) { return double(v + p); }

CellAudit auditCell(AttackerLp& lp, const DisclosureTable& t, int cell, const DisclosureSettings& s) {
  CellAudit a;
  a.cell = cell;
  a.primary = isPrimary(t, cell, s);
  a.low = lp.optimum({{cell, 1.0}}, false);
  a.high = lp.optimum({{cell, 1.0}}, true);
  if (a.primary) {
    const std::int64_t v = t.cells[cell].value;
    a.protectedEnough = a.low <= neededLow(v, s.protection) + kEps && a.high >= neededHigh(v, s.protection) - kEps;
  }
  return a;
}

// The (relation, part) pairs the attribute requirement covers under a suppression pattern.
template <class Visit>
void forEachAttributePair(const DisclosureTable& t, const std::vector<bool>& withheld, const DisclosureSettings& s,
                          Visit visit) {
  for (size_t r = 0; r < t.relations.size(); ++r) {
    const auto& rel = t.relations[r];
    if (rel.parts.size() < 2 || !isPrimary(t, rel.total, s)) continue;
    for (int part : rel.parts)
      if (withheld[part]) visit(int(r), part);
  }
}

AttributeAudit auditAttribute(AttackerLp& lp, const DisclosureTable& t, int relation, int part) {
  AttributeAudit a;
  a.relation = relation;
  a.part = part;
  a.maxRest = lp.optimum({{t.relations[relation].total, 1.0}, {part, -1.0}}, true);
  a.protectedEnough = a.maxRest >= 1 - kEps;
  return a;
}

std::string numberText(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

}  // namespace

bool DisclosureAudit::passes() const {
  for (const auto& c : cells)
    if (!c.protectedEnough) return false;
  for (const auto& a : attributes)
    if (!a.protectedEnough) return false;
  return true;
}

std::vector<std::string> DisclosureAudit::failures(const DisclosureTable& t, const DisclosureSettings& s) const {
  std::vector<std::string> out;
  for (const auto& c : cells) {
    if (c.protectedEnough) continue;
    const auto& cell = t.cells[c.cell];
    out.push_back(cell.row + "/" + cell.column + ": attacker interval [" + numberText(c.low) + ", " +
                  numberText(c.high) + "], needs [" + numberText(neededLow(cell.value, s.protection)) + ", " +
                  numberText(neededHigh(cell.value, s.protection)) + "]");
  }
  for (const auto& a : attributes) {
    if (a.protectedEnough) continue;
    const auto& rel = t.relations[a.relation];
    const auto& part = t.cells[a.part];
    out.push_back(rel.what + ": " + part.row + "/" + part.column + " is provably the whole of " +
                  t.cells[rel.total].row + "/" + t.cells[rel.total].column);
  }
  return out;
}

DisclosureAudit auditDisclosure(const DisclosureTable& t, const std::vector<bool>& withheld,
                                const DisclosureSettings& s) {
  if (withheld.size() != t.cells.size())
    throw std::invalid_argument("auditDisclosure: the withheld mask is not parallel to the cells");
  DisclosureAudit audit;
  AttackerLp lp(t, withheld);
  for (size_t i = 0; i < t.cells.size(); ++i)
    if (withheld[i]) audit.cells.push_back(auditCell(lp, t, int(i), s));
  forEachAttributePair(t, withheld, s, [&](int r, int part) { audit.attributes.push_back(auditAttribute(lp, t, r, part)); });
  return audit;
}

std::vector<bool> withheldMask(const PublishedTable& published) {
  std::vector<bool> mask(published.status.size());
  for (size_t i = 0; i < mask.size(); ++i) mask[i] = published.withheld(i);
  return mask;
}

PublishedTable publishTable(const DisclosureTable& t, const DisclosureSettings& s) {
  if (s.protection < 0) throw std::invalid_argument("publishTable: the protection width is negative");
  const size_t n = t.cells.size();
  PublishedTable out;
  out.status.assign(n, CellStatus::Published);
  std::vector<bool> withheld(n, false);
  std::vector<int> primaries;
  for (size_t i = 0; i < n; ++i)
    if (isPrimary(t, int(i), s)) {
      out.status[i] = CellStatus::Primary;
      withheld[i] = true;
      primaries.push_back(int(i));
    }

  AttackerLp attacker(t, withheld);
  ChangeLp change(t);
  auto withhold = [&](const std::vector<int>& cells) {
    if (cells.empty()) throw std::logic_error("publishTable: a requirement fails but no published cell blocks it");
    for (int c : cells) {
      if (withheld[c]) continue;
      withheld[c] = true;
      out.status[c] = CellStatus::Complementary;
      attacker.setWithheld(c, true);
    }
    attacker.addWitness(change.changedTable());
  };
  // Each check first looks for a witness (a table the attacker cannot exclude that already reaches
  // the bound) and solves the attacker's program only without one.
  auto reachesHigh = [&](int c, double bound) {
    return attacker.witnessHigh(c, bound) || attacker.optimum({{c, 1.0}}, true) >= bound - kEps;
  };
  auto reachesLow = [&](int c, double bound) {
    return attacker.witnessLow(c, bound) || attacker.optimum({{c, 1.0}}, false) <= bound + kEps;
  };
  auto separable = [&](int r, int part) {
    const int total = t.relations[r].total;
    return attacker.witnessGap(total, part, 1) || auditAttribute(attacker, t, r, part).protectedEnough;
  };
  // Value requirement: each primary cell reaches v+p and max(0, v-p), moving other cells if needed.
  if (s.protection > 0) {
    for (int c : primaries) {
      const std::int64_t v = t.cells[c].value;
      if (!reachesHigh(c, neededHigh(v, s.protection)))
        withhold(change.cellsToMove(c, double(s.protection), withheld));
      if (!reachesLow(c, neededLow(v, s.protection)))
        withhold(change.cellsToMove(c, -double(std::min<std::int64_t>(v, s.protection)), withheld));
    }
  }
  // Attribute requirement. New withholdings add pairs, so go round until none is missing.
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<std::pair<int, int>> pairs;
    forEachAttributePair(t, withheld, s, [&](int r, int part) { pairs.emplace_back(r, part); });
    for (auto [r, part] : pairs) {
      if (separable(r, part)) continue;
      withhold(change.cellsToSeparate(t.relations[r].total, part, withheld));
      changed = true;
    }
  }

  // The final check: every requirement again, against the final pattern (witnesses are proofs: each
  // is a table that fits every published number, every relation and every cell >= 0).
  for (int c : primaries) {
    const std::int64_t v = t.cells[c].value;
    if (s.protection > 0 && (!reachesHigh(c, neededHigh(v, s.protection)) || !reachesLow(c, neededLow(v, s.protection))))
      throw std::logic_error("publishTable: the audit fails after secondary suppression for " + t.cells[c].row + "/" +
                             t.cells[c].column);
  }
  forEachAttributePair(t, withheld, s, [&](int r, int part) {
    if (!separable(r, part))
      throw std::logic_error("publishTable: the audit fails after secondary suppression for " + t.cells[part].row +
                             "/" + t.cells[part].column);
  });

  out.text.resize(n);
  for (size_t i = 0; i < n; ++i) {
    switch (out.status[i]) {
      case CellStatus::Published:
        out.text[i] = std::to_string(t.cells[i].value);
        out.released.push_back({t.cells[i].row, t.cells[i].column, t.cells[i].value});
        break;
      case CellStatus::Primary: out.text[i] = withheldMarker(s.threshold); ++out.primaryCount; break;
      case CellStatus::Complementary: out.text[i] = complementaryMarker(); ++out.complementaryCount; break;
    }
  }
  return out;
}

}  // namespace pk
