// Placeholder until the Markdown pages extractor lands: records that the document was not read.
#include "extract/detail/extractors.h"

namespace om::extract::detail {

Extraction extract_markdown(const FetchedDocument& doc) {
  Extraction e;
  e.kind = DocKind::kMarkdown;
  e.error = "Markdown pages are not read yet: " + doc.url;
  return e;
}

}  // namespace om::extract::detail
