/* mc-test-case-rows.h: a row of the case list held against its summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows (mc_store_read_case_list(), from the list's index or the
 * table) and the summaries (mc_store_list_cases(), always the table) are
 * two readings of the same cases: every field must agree.
 */

#pragma once

#include <glib.h>

#include "mc-case-rows.h"
#include "mc-case-summary.h"

static inline void
mc_test_assert_row_is_summary (const McCaseSummaryFields *row,
                               McCaseSummary             *summary)
{
  g_assert_cmpint (row->id, ==, mc_case_summary_get_id (summary));
  g_assert_cmpstr (row->number, ==, mc_case_summary_get_number (summary));
  g_assert_cmpstr (row->client_name, ==, mc_case_summary_get_client_name (summary));
  g_assert_cmpstr (row->client_number, ==, mc_case_summary_get_client_number (summary));
  g_assert_cmpstr (row->status, ==, mc_case_summary_get_status (summary));
  g_assert_cmpstr (row->updated_at, ==, mc_case_summary_get_updated_at (summary));
  g_assert_cmpint (row->follow_up_due, ==, mc_case_summary_get_follow_up_due (summary));
  g_assert_cmpstr (row->outcome, ==, mc_case_summary_get_outcome (summary));
  g_assert_cmpstr (row->outcome_code, ==, mc_case_summary_get_outcome_code (summary));
  g_assert_cmpuint (row->step, ==, mc_case_summary_get_step (summary));
  g_assert_cmpint (row->needs_attention, ==, mc_case_summary_get_needs_attention (summary));
  g_assert_cmpstr (row->next_due, ==, mc_case_summary_get_next_due (summary));
  g_assert_cmpstr (row->closed_at, ==, mc_case_summary_get_closed_at (summary));
  g_assert_cmpstr (row->close_reason, ==, mc_case_summary_get_close_reason (summary));
}
