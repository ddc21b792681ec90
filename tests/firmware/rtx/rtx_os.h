/* Kernel objects in CMSIS-RTOS2 RTX5's shape (RTX 5.5.2 as Mbed OS 6 ships
 * it), written for this test firmware: the control-block layouts, names
 * and constants are RTX5's facts (rtx_os.h), so that a debugger's (and
 * mcusim's) RTX awareness finds the threads here as it would in Mbed OS.
 * The code behind them is our own and much smaller than RTX. */
#ifndef RTX_OS_H_
#define RTX_OS_H_

#include <stddef.h>
#include <stdint.h>

#define osRtxVersionKernel 50050002u /* 5.5.2: major*10^7 + minor*10^4 + patch */
#define osRtxKernelId "RTX V5.5.2"

#define osRtxIdThread 0xF1u
#define osRtxIdTimer 0xF2u
#define osRtxIdEventFlags 0xF3u

#define osRtxKernelInactive 0u
#define osRtxKernelReady 1u
#define osRtxKernelRunning 2u

#define osRtxThreadInactive 0u
#define osRtxThreadReady 1u
#define osRtxThreadRunning 2u
#define osRtxThreadBlocked 3u
#define osRtxThreadWaitingDelay (osRtxThreadBlocked | 0x10u)
#define osRtxThreadWaitingEventFlags (osRtxThreadBlocked | 0x40u)

#define osRtxStackMagicWord 0xE25A2EA5u  /* at the stack's lowest word */
#define osRtxStackFillPattern 0xCCCCCCCCu /* the rest, when the watermark option is on */

#define osWaitForever 0xFFFFFFFFu
#define osFlagsWaitAny 0u
#define osFlagsErrorResource 0xFFFFFFFDu
#define osFlagsErrorParameter 0xFFFFFFFCu

typedef enum {
  osPriorityIdle = 1,
  osPriorityLow = 8,
  osPriorityNormal = 24,
  osPriorityAboveNormal = 32,
  osPriorityRealtime = 48,
} osPriority_t;

typedef struct osRtxThread_s {
  uint8_t id, state, flags, attr;
  const char *name;
  struct osRtxThread_s *thread_next, *thread_prev; /* ready or wait list */
  struct osRtxThread_s *delay_next, *delay_prev;   /* delay list */
  struct osRtxThread_s *thread_join;
  uint32_t delay; /* ticks after the previous one in the delay list */
  int8_t priority, priority_base;
  uint8_t stack_frame; /* EXC_RETURN[7:0] of its last switch-out */
  uint8_t flags_options;
  uint32_t wait_flags, thread_flags;
  void *mutex_list;
  void *stack_mem;
  uint32_t stack_size;
  uint32_t sp; /* saved at a switch: r4-r11 (and s16-s31) below the hardware frame */
  uint32_t thread_addr;
  uint32_t tz_memory;
  void *context; /* Mbed OS: OsEventObserver context */
} osRtxThread_t;

typedef struct osRtxEventFlags_s {
  uint8_t id, reserved_state, flags, reserved;
  const char *name;
  osRtxThread_t *thread_list;
  uint32_t event_flags;
} osRtxEventFlags_t;

typedef struct osRtxTimer_s {
  uint8_t id, state, flags, type;
  const char *name;
  struct osRtxTimer_s *prev, *next;
  uint32_t tick, load;
  struct {
    void (*func)(void *);
    void *arg;
  } finfo;
} osRtxTimer_t;

typedef struct {
  uint8_t id, state, flags, reserved;
  const char *name;
  osRtxThread_t *thread_list;
} osRtxObject_t;

typedef struct {
  const char *os_id;
  uint32_t version;
  struct {
    uint8_t state;
    volatile uint8_t blocked;
    uint8_t pendSV;
    uint8_t reserved;
    uint32_t tick;
  } kernel;
  int32_t tick_irqn;
  struct {
    struct {
      osRtxThread_t *curr, *next; /* offset 20 and 24: the context switch reads both */
    } run;
    osRtxObject_t ready;
    osRtxThread_t *idle, *delay_list, *wait_list, *terminate_list;
    struct {
      osRtxThread_t *thread;
      uint32_t tick, timeout;
    } robin;
  } thread;
  struct {
    osRtxTimer_t *list;
    osRtxThread_t *thread;
    void *mq;
    void (*tick)(void);
  } timer;
  struct {
    uint16_t max, cnt, in, out;
    void **data;
  } isr_queue;
  struct {
    void (*thread)(osRtxThread_t *);
    void (*event_flags)(osRtxEventFlags_t *);
    void (*semaphore)(void *);
    void (*memory_pool)(void *);
    void (*message)(void *);
  } post_process;
  struct {
    void *stack, *mp_data, *mq_data, *common;
  } mem;
  struct {
    void *stack, *thread, *timer, *event_flags, *mutex, *semaphore, *memory_pool, *message_queue;
  } mpi;
} osRtxInfo_t;

extern osRtxInfo_t osRtxInfo;

typedef osRtxThread_t *osThreadId_t;
typedef osRtxEventFlags_t *osEventFlagsId_t;
typedef osRtxTimer_t *osTimerId_t;
typedef void (*osThreadFunc_t)(void *);
typedef int32_t osStatus_t;
#define osOK 0
#define osError (-1)
#define osErrorISR (-6)

/* osThreadAttr_t's fields this firmware uses (cb_mem/stack_mem static, as
 * Mbed's rtos::Thread with a user stack and RTX_Config.c's system threads). */
typedef struct {
  const char *name;
  void *cb_mem;
  void *stack_mem;
  uint32_t stack_size;
  osPriority_t priority;
} osThreadAttr_t;

int32_t osKernelInitialize(void);
int32_t osKernelStart(void);
uint32_t osKernelGetTickCount(void);
osThreadId_t osThreadNew(osThreadFunc_t func, void *argument, const osThreadAttr_t *attr);
osThreadId_t osThreadGetId(void);
osStatus_t osDelay(uint32_t ticks);
osEventFlagsId_t osEventFlagsNew(osRtxEventFlags_t *cb, const char *name);
uint32_t osEventFlagsSet(osEventFlagsId_t ef, uint32_t flags);
uint32_t osEventFlagsWait(osEventFlagsId_t ef, uint32_t flags, uint32_t options, uint32_t timeout);
osTimerId_t osTimerNew(osRtxTimer_t *cb, void (*func)(void *), void *arg, const char *name);
osStatus_t osTimerStart(osTimerId_t timer, uint32_t ticks);

/* RTX5's interrupt-side entry points (irq_armv7m.S calls them). */
void osRtxPendSV_Handler(void);
void osRtxTick_Handler(void);

/* Kernel configuration (RTX_Config.h / Mbed's mbed_rtx_conf.h). */
#define OS_TICK_FREQ 1000u
#define OS_IDLE_THREAD_STACK_SIZE 512u
#define OS_TIMER_THREAD_STACK_SIZE 768u
#define MBED_CONF_APP_MAIN_STACK_SIZE 4096u
#define OS_ISR_FIFO_QUEUE 16u
#define OS_DYNAMIC_MEM_SIZE 4096u /* RTX_POOL_STACKS: os_mem */
#define OS_THREAD_NUM 2u          /* RTX_POOL_STACKS: blocks of the stack pool */
#define OS_STACK_SIZE 1024u       /* the default thread stack size */

#endif
