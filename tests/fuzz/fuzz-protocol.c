/* fuzz-protocol.c: libFuzzer target for the protocol loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes go through the whole loader (size, parser, DOCTYPE refusal,
 * schema, ids, references, graph checks); whatever loads is then decided
 * with answers taken from the same bytes, so the decision walk runs on
 * every protocol the loader accepts. Run it with build-aux/fuzz protocol.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "mc-afwegingskader.h"
#include "mc-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  const uint8_t *data;
  size_t         size;
} Answers;

static McAnswer
answer_from_bytes (const char *question_id,
                   gpointer    user_data)
{
  Answers *answers = user_data;

  if (answers->size == 0)
    return MC_ANSWER_UNKNOWN;

  return (McAnswer) (answers->data[g_str_hash (question_id) % answers->size] % 3);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(McProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McAfwegingResult) result = NULL;
  Answers answers = { data, size };

  protocol = mc_protocol_new_from_bytes (bytes, "fuzz.xml", &error);
  if (protocol == NULL)
    {
      /* Every refusal says what and where. */
      g_assert (error != NULL && error->domain == MC_PROTOCOL_ERROR);
      return 0;
    }

  result = mc_afwegingskader_decide (protocol, answer_from_bytes, &answers);
  g_assert (result != NULL);

  return 0;
}
