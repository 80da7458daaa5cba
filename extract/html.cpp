// Placeholder until the HTML pages extractor lands: records that the document was not read.
#include "extract/detail/extractors.h"

namespace om::extract::detail {

Extraction extract_html(const FetchedDocument& doc) {
  Extraction e;
  e.kind = DocKind::kHtml;
  e.error = "HTML pages are not read yet: " + doc.url;
  return e;
}

}  // namespace om::extract::detail
