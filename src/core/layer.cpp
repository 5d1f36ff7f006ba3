#include "core/layer.h"

#include <strings.h>

#include <algorithm>
#include <thread>

namespace pk {

std::string Layer::featureName(size_t i) const {
  if (nameField >= 0 && i < features.size() && size_t(nameField) < features[i].values.size()) {
    const std::string& v = features[i].values[nameField];
    if (!v.empty()) return v;
  }
  return "#" + std::to_string(i + 1);
}

std::string Layer::featureCode(size_t i) const {
  if (codeField >= 0 && i < features.size() && size_t(codeField) < features[i].values.size())
    return features[i].values[codeField];
  return "";
}

int Layer::fieldIndex(const std::string& name) const {
  for (size_t i = 0; i < fieldNames.size(); ++i)
    if (strcasecmp(fieldNames[i].c_str(), name.c_str()) == 0) return int(i);
  return -1;
}

Vec2 computeLabelPoint(const Feature& f) {
  if (f.polygon.parts.empty()) return f.bbox.center();
  const double precision = std::max(1.0, std::min(f.bbox.width(), f.bbox.height()) / 200.0);
  return labelPoint(f.polygon, precision);
}

LabelPointCache& LabelPointCache::operator=(const LabelPointCache&) {
  std::lock_guard lock(mutex_);
  current_.store(nullptr);
  tables_.clear();
  return *this;
}

LabelPointCache::~LabelPointCache() = default;

LoadedTopology& LoadedTopology::operator=(const LoadedTopology&) {
  std::lock_guard lock(mutex_);
  builder_.reset();
  return *this;
}

LoadedTopology::~LoadedTopology() = default;

void LoadedTopology::keep(PolygonTopology::Builder builder, const std::vector<Feature>& features,
                          std::uint64_t revision) {
  std::lock_guard lock(mutex_);
  builder_.reset();
  if (builder.featureCount() != features.size()) return;  // not these features: the renderer builds its own
  builder_.emplace(std::move(builder));
  features_ = features.data();
  size_ = features.size();
  revision_ = revision;
}

std::optional<PolygonTopology::Builder> LoadedTopology::take(const std::vector<Feature>& features,
                                                             std::uint64_t revision) const {
  std::lock_guard lock(mutex_);
  std::optional<PolygonTopology::Builder> out;
  if (builder_ && features.data() == features_ && features.size() == size_ && revision == revision_) out.swap(builder_);
  builder_.reset();  // handed out, or stale (it would refer to rings that are gone)
  return out;
}

LabelPointCache::Table& LabelPointCache::tableFor(const std::vector<Feature>& features, std::uint64_t revision) const {
  Table* table = current_.load(std::memory_order_acquire);
  if (table && table->size == features.size() && table->revision == revision) return *table;
  std::lock_guard lock(mutex_);
  table = current_.load(std::memory_order_relaxed);
  if (table && table->size == features.size() && table->revision == revision) return *table;
  auto fresh = std::make_unique<Table>();
  fresh->revision = revision;
  fresh->size = features.size();
  fresh->slots.reset(new Slot[features.size()]);
  table = fresh.get();
  tables_.push_back(std::move(fresh));
  current_.store(table, std::memory_order_release);
  return *table;
}

const Vec2& LabelPointCache::get(const std::vector<Feature>& features, std::uint64_t revision, size_t i) const {
  Slot& slot = tableFor(features, revision).slots[i];
  if (!slot.ready.load(std::memory_order_acquire)) {
    // Computed outside the lock (two threads may both compute it: same value, one stores it).
    const Vec2 at = computeLabelPoint(features[i]);
    std::lock_guard lock(mutex_);
    if (!slot.ready.load(std::memory_order_relaxed)) {
      slot.at = at;
      slot.ready.store(true, std::memory_order_release);
    }
  }
  return slot.at;
}

const Vec2& Layer::labelPoint(size_t i) const { return labelPoints_.get(features, revision, i); }

void Layer::prepareLabelPoints(const std::vector<size_t>& indices) const {
  // Below this many, starting a thread costs more than it saves.
  constexpr size_t kPerThreadMinimum = 16, kChunk = 32;
  const size_t threads = std::min<size_t>({2, std::max(1u, std::thread::hardware_concurrency()),
                                           indices.size() / kPerThreadMinimum});
  if (threads <= 1) {
    for (size_t i : indices) labelPoint(i);
    return;
  }
  // Chunks handed out in turn: polygon sizes vary a lot, so fixed halves would leave one thread idle.
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t begin; (begin = next.fetch_add(kChunk)) < indices.size();)
      for (size_t k = begin; k < std::min(indices.size(), begin + kChunk); ++k) labelPoint(indices[k]);
  };
  std::vector<std::jthread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
}

}  // namespace pk
