/* The PostgreSQL module's interface: a table of libpq's functions, so that the incident
 * program calls libpq through the module it loads with dlopen when a journal is on a
 * server, and never links libpq itself (loading libpq and what it needs costs ~6 ms per
 * process start). Plain C on purpose: no C++ object, exception or libstdc++ state crosses
 * this boundary (the program links libstdc++ statically; see docs/ARCHITECTURE.md). */
#ifndef INCIDENT_LIBPQ_MODULE_H
#define INCIDENT_LIBPQ_MODULE_H

#include <libpq-fe.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Raised whenever the table changes; the program refuses a module with another. */
#define INCIDENT_LIBPQ_ABI 1
/* The symbol the program looks up, and what it returns. */
#define INCIDENT_LIBPQ_ENTRY "incident_libpq_module"

struct incident_libpq {
    int abi;
    int (*lib_version)(void);
    PGconn* (*connectdb_params)(const char* const* keywords, const char* const* values,
                                int expand_dbname);
    ConnStatusType (*status)(const PGconn* conn);
    PGTransactionStatusType (*transaction_status)(const PGconn* conn);
    char* (*error_message)(const PGconn* conn);
    void (*finish)(PGconn* conn);
    char* (*user)(const PGconn* conn);
    int (*server_version)(const PGconn* conn);
    int (*ssl_in_use)(PGconn* conn);
    PQnoticeProcessor (*set_notice_processor)(PGconn* conn, PQnoticeProcessor proc, void* arg);
    PQconninfoOption* (*conninfo_parse)(const char* conninfo, char** errmsg);
    void (*conninfo_free)(PQconninfoOption* options);
    void (*freemem)(void* ptr);
    PGresult* (*exec)(PGconn* conn, const char* query);
    PGresult* (*exec_params)(PGconn* conn, const char* command, int n_params,
                             const Oid* param_types, const char* const* param_values,
                             const int* param_lengths, const int* param_formats, int result_format);
    PGresult* (*prepare)(PGconn* conn, const char* name, const char* query, int n_params,
                         const Oid* param_types);
    PGresult* (*exec_prepared)(PGconn* conn, const char* name, int n_params,
                               const char* const* param_values, const int* param_lengths,
                               const int* param_formats, int result_format);
    int (*send_query_params)(PGconn* conn, const char* command, int n_params,
                             const Oid* param_types, const char* const* param_values,
                             const int* param_lengths, const int* param_formats, int result_format);
    int (*set_single_row_mode)(PGconn* conn);
    PGresult* (*get_result)(PGconn* conn);
    ExecStatusType (*result_status)(const PGresult* res);
    char* (*result_error_message)(const PGresult* res);
    char* (*result_error_field)(const PGresult* res, int field);
    int (*ntuples)(const PGresult* res);
    int (*nfields)(const PGresult* res);
    char* (*getvalue)(const PGresult* res, int row, int column);
    int (*getlength)(const PGresult* res, int row, int column);
    int (*getisnull)(const PGresult* res, int row, int column);
    void (*clear)(PGresult* res);
};

typedef const struct incident_libpq* (*incident_libpq_entry)(void);

#ifdef __cplusplus
}
#endif

#endif
