/* finish.c — what every backend's PDF gets afterwards, with qpdf's library:
 * the report's source (and its seal) attached, so that any published PDF
 * can be read back and corrected (xxgk extract, xxgk diff published.pdf
 * new.json), and, when asked, AES-256 encryption (PDF 2.0 / R6) with an
 * owner password.
 *
 * A backend writes its PDF; qpdf reads it, adds the embedded files (the
 * catalog's /Names /EmbeddedFiles tree, each file with its /Size and MD5
 * /CheckSum so that a damaged copy is noticed on extraction) and writes it
 * again.  Without encryption the file identifier is a digest of the
 * content (qpdf's deterministic ID), so the same report gives the same
 * bytes.  With encryption it cannot be: AES-256 needs fresh random salts
 * and initialisation vectors, which qpdf draws itself, so an encrypted PDF
 * differs from run to run while what it holds does not.
 */
#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <qpdf/qpdflogger-c.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"

static qpdf_oh name(qpdf_data q, const char *n) { return qpdf_oh_new_name(q, n); }

/* The embedded-file stream of data, and its file specification. */
static qpdf_oh file_spec(qpdf_data q, const char *file, const char *mime, const char *desc,
                         const unsigned char *data, size_t len)
{
    qpdf_oh stream = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, stream, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh dict = qpdf_oh_get_dict(q, stream);
    qpdf_oh_replace_key(q, dict, "/Type", name(q, "/EmbeddedFile"));
    qpdf_oh_replace_key(q, dict, "/Subtype", name(q, mime));
    qpdf_oh params = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, params, "/Size", qpdf_oh_new_integer(q, (long long)len));
    guint8 md5[16];
    gsize md5_len = sizeof md5;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
    g_checksum_update(sum, data, len);
    g_checksum_get_digest(sum, md5, &md5_len);
    g_checksum_free(sum);
    qpdf_oh_replace_key(q, params, "/CheckSum",
                        qpdf_oh_new_binary_string(q, (const char *)md5, md5_len));
    qpdf_oh_replace_key(q, dict, "/Params", params);

    qpdf_oh ef = qpdf_oh_new_dictionary(q);
    qpdf_oh ind = qpdf_make_indirect_object(q, stream);
    qpdf_oh_replace_key(q, ef, "/F", ind);
    qpdf_oh_replace_key(q, ef, "/UF", ind);
    qpdf_oh spec = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, spec, "/Type", name(q, "/Filespec"));
    qpdf_oh_replace_key(q, spec, "/F", qpdf_oh_new_unicode_string(q, file));
    qpdf_oh_replace_key(q, spec, "/UF", qpdf_oh_new_unicode_string(q, file));
    qpdf_oh_replace_key(q, spec, "/Desc", qpdf_oh_new_unicode_string(q, desc));
    qpdf_oh_replace_key(q, spec, "/AFRelationship", name(q, "/Source"));
    qpdf_oh_replace_key(q, spec, "/EF", ef);
    return qpdf_make_indirect_object(q, spec);
}

/* The catalog's embedded files: the source, and the seal the source names
 * (so that the PDF alone renders again).  Names in the tree sorted. */
static void attach(qpdf_data q, const finish_options *o)
{
    qpdf_oh list = qpdf_oh_new_array(q);
    qpdf_oh specs = qpdf_oh_new_array(q);
    if (o->seal) {
        qpdf_oh s =
            file_spec(q, XXGK_SEAL_NAME, "/image#2Fpng", "seal (PNG)", o->seal, o->seal_len);
        qpdf_oh_append_item(q, list, qpdf_oh_new_unicode_string(q, XXGK_SEAL_NAME));
        qpdf_oh_append_item(q, list, s);
        qpdf_oh_append_item(q, specs, s);
    }
    qpdf_oh s = file_spec(q, XXGK_SOURCE_NAME, "/application#2Fjson", "xxgk report source (JSON)",
                          (const unsigned char *)o->source, o->source_len);
    qpdf_oh_append_item(q, list, qpdf_oh_new_unicode_string(q, XXGK_SOURCE_NAME));
    qpdf_oh_append_item(q, list, s);
    qpdf_oh_append_item(q, specs, s);
    qpdf_oh tree = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, tree, "/Names", list);
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh names = qpdf_oh_get_key(q, root, "/Names");
    if (!qpdf_oh_is_dictionary(q, names)) {
        names = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, root, "/Names", names);
    }
    qpdf_oh_replace_key(q, names, "/EmbeddedFiles", qpdf_make_indirect_object(q, tree));
    qpdf_oh_replace_key(q, root, "/AF", specs); /* PDF 2.0 associated files */
}

static int failed(qpdf_data q, char **why)
{
    if (!qpdf_has_error(q))
        return 0;
    why_set(why, "qpdf：%s", qpdf_get_error_full_text(q, qpdf_get_error(q)));
    return 1;
}

int pdf_finish(const char *pdf, size_t len, const finish_options *o, strbuf *out, char **why)
{
    if (!o->source && !o->owner_password) {
        sb_addn(out, pdf, len);
        return 0;
    }
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    /* a logger of its own: the library never prints, nor changes qpdf's
     * default logger for a program that uses qpdf itself */
    qpdflogger_handle log = qpdflogger_create();
    qpdflogger_set_info(log, qpdf_log_dest_discard, NULL, NULL);
    qpdflogger_set_warn(log, qpdf_log_dest_discard, NULL, NULL);
    qpdflogger_set_error(log, qpdf_log_dest_discard, NULL, NULL);
    qpdf_set_logger(q, log);
    qpdflogger_cleanup(&log);
    int rc = -1;
    if (qpdf_read_memory(q, "xxgk.pdf", pdf, (unsigned long long)len, NULL) & QPDF_ERRORS) {
        failed(q, why);
        goto out;
    }
    if (o->source)
        attach(q, o);
    if (failed(q, why) || qpdf_init_write_memory(q) & QPDF_ERRORS) {
        failed(q, why);
        goto out;
    }
    qpdf_set_compress_streams(q, QPDF_TRUE);
    if (o->owner_password) {
        /* The identifier's first half is kept from the file qpdf reads: a
         * digest of the backend's PDF, so that two documents never share it
         * (qpdf would otherwise seed it with the clock and the Info strings
         * alone, the same for two reports of one agency in one second). */
        guint8 md5[16];
        gsize n = sizeof md5;
        GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
        g_checksum_update(sum, (const guchar *)pdf, len);
        g_checksum_get_digest(sum, md5, &n);
        g_checksum_free(sum);
        qpdf_oh ids = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, ids, qpdf_oh_new_binary_string(q, (const char *)md5, n));
        qpdf_oh_append_item(q, ids, qpdf_oh_new_binary_string(q, (const char *)md5, n));
        qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/ID", ids);
        /* no user password (anyone opens it), printing in full quality and
         * the text for accessibility (a screen reader may read a public
         * report aloud); no changing, no copying */
        qpdf_set_r6_encryption_parameters2(q, "", o->owner_password, QPDF_TRUE, QPDF_FALSE,
                                           QPDF_FALSE, QPDF_FALSE, QPDF_FALSE, QPDF_FALSE,
                                           qpdf_r3p_full, QPDF_TRUE);
    } else {
        qpdf_set_deterministic_ID(q, QPDF_TRUE);
    }
    if (qpdf_write(q) & QPDF_ERRORS) {
        failed(q, why);
        goto out;
    }
    sb_addn(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
    rc = 0;
out:
    qpdf_cleanup(&q);
    return rc;
}
