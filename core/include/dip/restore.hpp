// The whole engine behind one call: restore(). Plain C++; the torch types stay in core/src.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dip/image.hpp"

namespace dip {

enum class Task { Denoise, Inpaint, Upscale };

// fast and balanced are the CPU-friendly nets; paper reproduces the reference code per task.
enum class Preset { Fast = 0, Balanced = 1, Paper = 2 };

const char* task_name(Task task);
const char* preset_name(Preset preset);
// Parses "fast", "balanced", "paper"; returns false on anything else.
bool parse_preset(const std::string& text, Preset* out);

// Upscaling factors the Lanczos-2 downsampler is defined for.
bool is_supported_factor(int factor);

struct Options {
  Task task = Task::Denoise;
  int factor = 2;                      // Upscale only: 2, 3, 4 or 8
  Preset preset = Preset::Balanced;
  int iterations = 0;                  // 0 = automatic: the stopping rule decides, capped by the preset
  int max_iterations = 0;              // automatic runs: a lower cap than the preset's (0 = preset's)
  std::uint64_t seed = 0;
  float tv_weight = 0.0f;              // weight of the total-variation term added to the energy
  int threads = 0;                     // 0 = the number of cores LibTorch sees
  std::string device = "cpu";          // "cpu", "cuda" or "auto" (CUDA when the linked LibTorch has it)
  int report_every = 10;               // iterations between progress reports (and loss reads)
  std::size_t memory_budget = 0;       // bytes a fit may use; 0 = from the machine's available memory
  bool split_for_cores = true;         // fast denoising, upscaling on several cores: one tile per core (MemoryPlan)
  // Denoise, automatic runs: the noise's standard deviation on the 0-1 scale (25/255 for the
  // paper's sigma = 25), which the stopping rule holds the fit against; 0 = estimated from the
  // image (the two finest diagonal wavelet bands, noise_level.hpp).
  float noise_level = 0.0f;
};

// What restore() tells its caller every Options::report_every iterations.
struct Progress {
  int iteration = 0;        // iterations done
  int total = 0;            // planned iterations (automatic: the cap; the stop may come earlier)
  bool automatic = false;
  double loss = 0.0;        // data term of the energy at the last iteration
  double elapsed_s = 0.0;
  double eta_s = 0.0;       // seconds left if the run goes to `total`
  // A layer too large for one fit is restored tile by tile (see plan_memory); iteration and
  // total then count over all tiles.
  int tile = 1;             // the tile being fitted, from 1
  int tiles = 1;
  // The current estimate, at output size; non-null only when the previous reply asked for it,
  // so callers that show no preview pay nothing for it.
  const Image* estimate = nullptr;
};

enum class Action {
  Continue,
  StopAndKeep,  // end now; the current estimate becomes the result
  Cancel,       // end now; restore() throws Cancelled
};

struct Reply {
  Action action = Action::Continue;
  bool want_estimate = false;  // fill Progress::estimate in the next report
};

using ProgressCallback = std::function<Reply(const Progress&)>;

// Lets another thread end a run within one iteration, without waiting for the next report.
class StopToken {
 public:
  void cancel() { state_.store(static_cast<int>(Action::Cancel)); }
  void stop_and_keep() { state_.store(static_cast<int>(Action::StopAndKeep)); }
  Action requested() const { return static_cast<Action>(state_.load()); }

 private:
  std::atomic<int> state_{static_cast<int>(Action::Continue)};
};

struct Result {
  Image image;               // denoise/inpaint: input size; upscale: factor x input size
  int iterations = 0;        // iterations run
  int best_iteration = 0;    // automatic runs: where the returned estimate was taken
  bool stopped_by_rule = false;
  bool stopped_by_user = false;
  double seconds = 0.0;
  double final_loss = 0.0;
  int tiles = 1;             // fits the image was split into (1 = one fit of the whole)
};

// An English message whose wording depends on a count, in both forms (see Error).
struct PluralText {
  const char* one;
  const char* many;
};

// Every failure of the engine: bad input, a refused size, a device that is not there.
// what() is the English sentence, for logs and tests. The engine does not translate: it keeps
// the English template it marked (N_, NP_) and the arguments it formatted, so a front end can
// look the template up in its own catalogue and fill in the same numbers (dip/translate.hpp).
// Templates use only %s or positional %1$s directives, so a translation may reorder them.
class Error : public std::runtime_error {
 public:
  // `text` is kept by pointer for the later lookup: a string literal, never a c_str().
  explicit Error(const char* text);
  Error(const char* text, std::vector<std::string> args);
  // English picks the form by count == 1; a front end asks its catalogue (ngettext).
  Error(PluralText text, unsigned long count, std::vector<std::string> args);

  const char* text() const { return message_->text; }
  const char* plural_text() const { return message_->plural; }  // null without a count
  unsigned long count() const { return message_->count; }
  const std::vector<std::string>& args() const { return message_->args; }

 private:
  struct Message {
    const char* text;
    const char* plural;
    unsigned long count;
    std::vector<std::string> args;
  };
  explicit Error(Message message);

  // Shared so that copying an exception never allocates.
  std::shared_ptr<const Message> message_;
};

// Thrown when the run was cancelled; the caller keeps what it had.
class Cancelled : public Error {
 public:
  Cancelled();
};

// Replaces a template's %s and %N$s directives with `args` (%% is a percent sign). Front ends
// fill translated templates with it too, so a directive without an argument stays visible
// instead of reading past the arguments as printf would.
std::string fill_template(const char* text, const std::vector<std::string>& args);

// Smallest input side the engine accepts (the nets need a few pixels per level).
int minimum_side(Task task);

// Throws Error with a sentence a user can act on when the input cannot be restored as asked.
void validate(const Image& input, const Mask* known, const Options& options);

// Bytes a fit of this input will use at its peak (estimate, before any allocation).
std::size_t estimate_memory(int width, int height, int channels, const Options& options);

// How a run will fit in memory, decided before anything is allocated: one fit of the whole
// image when its estimate is within the budget, otherwise overlapping tiles small enough to
// be, blended without seams; when even the smallest tile is over budget the run is refused.
// A fast denoising or upscaling run on several cores is split into one tile per core instead,
// fitted at the same time (split_for_cores): those thin nets keep one core busier than two,
// and a smaller fit reaches the same PSNR in fewer iterations (README, Benchmarks).
struct MemoryPlan {
  std::size_t whole_bytes = 0;   // estimate for one fit of the whole image
  std::size_t budget_bytes = 0;  // Options::memory_budget, or what the machine has available (0 = unknown)
  std::size_t tile_bytes = 0;    // estimate for one tile (= whole_bytes when not tiled)
  int tile_width = 0, tile_height = 0;  // at input resolution
  int tiles_x = 1, tiles_y = 1;
  int workers = 1;               // tiles fitted at the same time, the threads shared among them
  bool split_for_cores = false;  // tiled to use the cores, not because of memory
  bool fits = true;              // false: even the smallest tile is over budget
  int tiles() const { return tiles_x * tiles_y; }
  bool tiled() const { return tiles() > 1; }
};
MemoryPlan plan_memory(int width, int height, int channels, const Options& options);

// Restores `input` (1-4 channels; alpha is carried through, resized for Upscale).
// `known` is required for Inpaint and must match the input's size.
// The same input, options and seed give a bit-identical result on the CPU, however often
// `progress` is called. Testing hook: DIP_FAULT=throw@K or oom@K in the environment makes the
// run fail before iteration K (core/src/fault.hpp).
Result restore(const Image& input, const Mask* known, const Options& options,
               const ProgressCallback& progress = {}, const StopToken* stop = nullptr);

// Process-wide set-up that a front end's main() calls once, before the first restore():
// keeps glibc from returning and re-faulting the large tensor buffers every iteration
// (4-5x faster on CPU, NOTES section 6).
void tune_process_allocator();

// LibTorch's OpenMP threads spin at every barrier by default; next to GIMP's own threads or
// any other load, one descheduled thread then stalls every barrier (a fit ran 30-50x slower
// on a busy 2-core machine). libgomp reads OMP_WAIT_POLICY only when it is loaded, before
// main(), so when the user has not chosen a policy this sets PASSIVE and re-executes the
// program with the same arguments (and open file descriptors, which carry GIMP's plug-in
// protocol). Call it first thing in main(); returns when nothing had to be done or exec failed.
void ensure_passive_openmp(char** argv);

bool cuda_available();
const char* version();

}  // namespace dip
