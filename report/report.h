// The report stage (DESIGN.md "Research JSON" and "The research section in CONNECTOR_CONTEXT.md"):
// merge per-document findings, map them onto OpenMetadata, and write JSON or a Markdown section
// that is spliced between markers into CONNECTOR_CONTEXT.md.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "core/types.h"

namespace om::report {

inline constexpr std::string_view kBeginMarker = "<!-- om-research:begin -->";
inline constexpr std::string_view kEndMarker = "<!-- om-research:end -->";

/// Combines the facts of several documents of one source: duplicates are merged (evidence
/// joined, highest confidence and richer fields kept), disagreements between documents become
/// `conflicts` citing both sides, and gaps that another document filled are dropped.
[[nodiscard]] Findings merge(std::vector<Findings> per_document);

/// merge() one document at a time, for more documents than fit in memory together (a crawl of
/// thousands of pages): the same documents in the same order twice, survey() each (the specs
/// among them, which the others are reconciled with), then add() each; finish() gives what
/// merge() of them gives. It holds the merged facts and the documents survey() kept until
/// add() takes them, never another document after add() returns.
class Merger {
 public:
  /// `keep_bytes`: how much survey() may keep of the documents other than specs, in the sizes
  /// it is given (a source within it is read once).
  explicit Merger(std::size_t keep_bytes = 0);
  ~Merger();
  Merger(Merger&&) noexcept;
  Merger& operator=(Merger&&) noexcept;
  Merger(const Merger&) = delete;
  Merger& operator=(const Merger&) = delete;

  /// First pass: one document's facts, in merge order, and their size (the stored text's, or
  /// any measure keep_bytes is given in). A spec's facts are moved out of `document` and kept
  /// for add() (a big spec is read once), as are another document's when its size is below
  /// what the others kept so far left of keep_bytes; the others are only looked at.
  void survey(Findings& document, std::size_t bytes = 0);
  /// Whether the next add() needs its document's facts: false for one survey() kept.
  [[nodiscard]] bool wants_next() const;
  /// Second pass: the same document's facts, in the same order (ignored, and may be empty,
  /// when wants_next() was false).
  void add(Findings document);
  /// The merged facts; the Merger starts empty again, with its whole keep_bytes.
  [[nodiscard]] Findings finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Fills what OpenMetadata needs from the evidence at hand: Entity.om_entity for the source's
/// service type (by entity-name cues), AuthMethod.om_connection where kUnknown (OPENMETADATA.md
/// section 3), and `test_connection` steps when none are set (section 2). Never overrides a
/// value already set.
void map_to_openmetadata(Research& research);

/// The "om-research/research/v2" object: members in DESIGN.md order, lists sorted, evidence as
/// {doc, locator, quote} with `doc` indexing `documents` (rows added for uncited URLs).
[[nodiscard]] Json research_json(const Research& research);
/// research_json(research).dump(indent) written to `out` one member or list item at a time:
/// a crawl's thousands of documents and facts are never one Json tree or one string.
void write_research_json(const Research& research, std::ostream& out, int indent = 2);
/// The same, sorting `research` itself instead of a copy (a research written once).
void write_research_json(Research&& research, std::ostream& out, int indent = 2);

/// The Markdown body of the research section (without markers). Deterministic: no timestamps
/// other than the sources' fetch dates. Text from documents is escaped so it cannot inject
/// headings, markers, HTML, fences or table breaks.
[[nodiscard]] std::string render_markdown(const Research& research);
/// The same, sorting `research` itself instead of a copy (a research rendered once).
[[nodiscard]] std::string render_markdown(Research&& research);

/// Puts `body` between the begin/end markers in `file`: replaces the marked span when present,
/// else inserts before "## Step 1: Read the Reference Connector", else after "## Connector
/// Profile", else at the end. Bytes outside the block are unchanged; splicing is idempotent.
/// Fails on repeated or unbalanced markers and on a body that contains a marker.
[[nodiscard]] Result<std::string> splice_research_section(std::string_view file,
                                                          std::string_view body);

/// Fills the `Docker Image` / `Docker Port` bullets of the brief's "## Connector Profile" (issue
/// #23): an empty bullet gets the value, a missing one is added after the profile's last bullet,
/// a bullet with a value is kept; every other byte of `file` is unchanged. `port` is used only
/// when it is digits. Returns `file` as it is when there is no profile or no image.
[[nodiscard]] std::string fill_docker_profile(std::string_view file, std::string_view image,
                                              std::string_view port);

/// The Docker image and container port chosen from a research for the brief's profile (both ""
/// when none was found): an image with ports from `docker run` or compose first.
struct DockerProfile {
  std::string image;
  std::string port;
};
[[nodiscard]] DockerProfile docker_profile(const Research& research);

/// Writes `content` to `path` through a temporary file in the same directory and a rename, so
/// readers see the old or the new file, never a partial one.
[[nodiscard]] Status write_file_atomically(const std::string& path, std::string_view content);

}  // namespace om::report
