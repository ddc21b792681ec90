#ifndef THREADX_APP_H
#define THREADX_APP_H
void console_init(void);
void console_printf(const char *fmt, ...);
void semihosting_exit(int code) __attribute__((noreturn));
#endif
