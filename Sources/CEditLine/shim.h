// libedit seen from Swift. el_wset, el_wget and history_w are C variadics, which Swift cannot call,
// and Swift 6 cannot read the C globals stdin/stdout/stderr: these static inline wrappers fix both.
#include <histedit.h>
#include <editline/readline.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <wchar.h>

typedef wchar_t *(*cel_prompt_fn)(EditLine *);
typedef unsigned char (*cel_command_fn)(EditLine *, int);
typedef void (*cel_signal_fn)(int);

// MARK: Editor

/// With `to_stderr`, the prompt and the line being edited are written to standard error: standard
/// output is then a pipe (`oesh | cat`), and libedit would write them there, out of the user's sight.
static inline EditLine *cel_init_stdio(const char *program, int to_stderr) {
  return el_init(program, stdin, to_stderr ? stderr : stdout, stderr);
}

/// The prompt callback; characters between two `marker`s are printed but take no column (ANSI colours).
static inline int cel_set_prompt_esc(EditLine *el, cel_prompt_fn prompt, wchar_t marker) {
  return el_wset(el, EL_PROMPT_ESC, prompt, marker);
}

static inline int cel_set_prompt(EditLine *el, cel_prompt_fn prompt) {
  return el_wset(el, EL_PROMPT, prompt);
}

static inline int cel_set_editor(EditLine *el, const wchar_t *mode) {
  return el_wset(el, EL_EDITOR, mode);
}

/// With 1, libedit restores the terminal and returns NULL from el_wgets when a signal arrives.
static inline int cel_set_signal(EditLine *el, int handle) {
  return el_wset(el, EL_SIGNAL, handle);
}

static inline int cel_bind(EditLine *el, const wchar_t *key, const wchar_t *function) {
  return el_wset(el, EL_BIND, key, function, (const wchar_t *)NULL);
}

/// libedit keeps `name` and `help` without copying them: they must outlive the editor.
static inline int cel_addfn(EditLine *el, const wchar_t *name, const wchar_t *help, cel_command_fn function) {
  return el_wset(el, EL_ADDFN, name, help, function);
}

static inline int cel_set_clientdata(EditLine *el, void *data) {
  return el_wset(el, EL_CLIENTDATA, data);
}

static inline void *cel_get_clientdata(EditLine *el) {
  void *data = NULL;
  el_wget(el, EL_CLIENTDATA, &data);
  return data;
}

static inline int cel_set_history(EditLine *el, HistoryW *history) {
  return el_wset(el, EL_HIST, history_w, history);
}

/// Writes to the editor's output stream (stdout, or stderr as `cel_init_stdio` chose), flushed, so it
/// interleaves with libedit's own output.
static inline void cel_write_output(int to_stderr, const char *text) {
  FILE *stream = to_stderr ? stderr : stdout;
  fputs(text, stream);
  fflush(stream);
}

// MARK: History (wide API; H_LOAD and H_SAVE still take a char * path)

static inline int cel_hist_setsize(HistoryW *h, int size) {
  HistEventW event;
  return history_w(h, &event, H_SETSIZE, size);
}

static inline int cel_hist_setunique(HistoryW *h, int unique) {
  HistEventW event;
  return history_w(h, &event, H_SETUNIQUE, unique);
}

static inline int cel_hist_enter(HistoryW *h, const wchar_t *line) {
  HistEventW event;
  return history_w(h, &event, H_ENTER, line);
}

static inline int cel_hist_load(HistoryW *h, const char *path) {
  HistEventW event;
  return history_w(h, &event, H_LOAD, path);
}

static inline int cel_hist_save(HistoryW *h, const char *path) {
  HistEventW event;
  return history_w(h, &event, H_SAVE, path);
}

/// The oldest entry, or NULL when the history is empty. Iterate with cel_hist_newer.
static inline const wchar_t *cel_hist_oldest(HistoryW *h) {
  HistEventW event;
  return history_w(h, &event, H_LAST) == -1 ? NULL : event.str;
}

/// The entry after the one last returned, towards the newest, or NULL at the end.
static inline const wchar_t *cel_hist_newer(HistoryW *h) {
  HistEventW event;
  return history_w(h, &event, H_PREV) == -1 ? NULL : event.str;
}

// MARK: Signals (struct sigaction differs between glibc and Darwin; C hides that)

/// Installs `handler` for SIGINT and saves the old action. Without `restart`, a blocked read returns
/// EINTR (line editing); with it (SA_RESTART), the running code's system calls go on as if no signal
/// had come.
static inline int cel_install_sigint(cel_signal_fn handler, int restart, struct sigaction *previous) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = restart ? SA_RESTART : 0;
  return sigaction(SIGINT, &action, previous);
}

static inline int cel_restore_sigint(const struct sigaction *previous) {
  return sigaction(SIGINT, previous, NULL);
}

/// Ignores `signal` and saves the old action (the shell while a pager has the keyboard).
static inline int cel_ignore_signal(int signal, struct sigaction *previous) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  return sigaction(signal, &action, previous);
}

static inline int cel_restore_signal(int signal, const struct sigaction *previous) {
  return sigaction(signal, previous, NULL);
}

// MARK: Terminal

/// The column count of the terminal on `fd`, or 0 when it is not a terminal or does not say.
static inline int cel_terminal_columns(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

static inline int cel_terminal_rows(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_row;
}

int wcwidth(wchar_t c);  // glibc declares it only under _XOPEN_SOURCE

/// Columns the terminal gives `c` in the current LC_CTYPE: 0 for combining marks, 2 for wide ones, -1 if unprintable.
static inline int cel_wcwidth(wchar_t c) {
  return wcwidth(c);
}
