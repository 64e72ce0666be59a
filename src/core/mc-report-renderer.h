/* mc-report-renderer.h: the report on paper, for PDF and for printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One renderer lays out a McReport in pages (A4 or whatever the printer
 * says) with Pango and draws any page on any cairo context. The PDF writer
 * below is built on it, so a printout is exactly what the PDF shows.
 *
 * For printing, from a GtkPrintOperation with its unit set to points and
 * use-full-page on (the renderer keeps its own 20 mm margins):
 *
 *   begin-print: renderer = mc_report_renderer_new (report,
 *                    gtk_print_context_create_pango_context (context),
 *                    gtk_print_context_get_width (context),
 *                    gtk_print_context_get_height (context));
 *                gtk_print_operation_set_n_pages (operation,
 *                    mc_report_renderer_paginate (renderer));
 *   draw-page:   mc_report_renderer_draw_page (renderer,
 *                    gtk_print_context_get_cairo_context (context), page_nr);
 */

#pragma once

#include <gio/gio.h>
#include <cairo.h>
#include <pango/pango.h>

#include "mc-report.h"

G_BEGIN_DECLS

/* ISO A4 in points. */
#define MC_REPORT_A4_WIDTH  (210.0 / 25.4 * 72.0)
#define MC_REPORT_A4_HEIGHT (297.0 / 25.4 * 72.0)

#define MC_TYPE_REPORT_RENDERER (mc_report_renderer_get_type ())

G_DECLARE_FINAL_TYPE (McReportRenderer, mc_report_renderer, MC, REPORT_RENDERER, GObject)

/* @context: its resolution must be 72 (one Pango point per cairo unit), as
 * gtk_print_context_create_pango_context() gives with GTK_UNIT_POINTS; the
 * renderer turns hinting and glyph rounding off on it, so paper and PDF
 * break lines alike. The page size is in points. */
McReportRenderer *mc_report_renderer_new        (McReport          *report,
                                                 PangoContext      *context,
                                                 double             page_width_pt,
                                                 double             page_height_pt);

/* Lays the report out (once) and returns the number of pages, at least 1. */
guint             mc_report_renderer_paginate   (McReportRenderer  *self);

/* Draws @page (from 0) with its header and footer; @cr's user space is
 * points with the origin at the top left corner of the paper. Paginates
 * first when needed. */
void              mc_report_renderer_draw_page  (McReportRenderer  *self,
                                                 cairo_t           *cr,
                                                 guint              page);

/* The report as an A4 PDF document with a bookmark per section, its title,
 * author and creation date set (nothing identifying for an anonymised
 * report). MC_REPORT_ERROR_IO when cairo fails. */
GBytes           *mc_report_render_pdf          (McReport          *report,
                                                 GError           **error);

/* mc_report_render_pdf() written atomically with mode 0600. */
gboolean          mc_report_write_pdf           (McReport          *report,
                                                 const char        *path,
                                                 GError           **error);

G_END_DECLS
