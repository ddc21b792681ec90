/* The slice of ThreadX's API this firmware uses, with ThreadX's type and
 * structure layouts (tx_api.h facts: TX_THREAD's field order, the ids, the
 * stack fill, the byte pool's block header), the Cortex-M port's shape
 * (PRIMASK critical sections) and an STM32Cube project's configuration
 * (TX_ENABLE_STACK_CHECKING, TX_ENABLE_FPU_SUPPORT, TX_ENABLE_WFI, 1 kHz
 * timer). Our own declarations and code, no ThreadX source. */
#ifndef THREADX_TX_API_H
#define THREADX_TX_API_H

#include <stdint.h>

typedef void VOID;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef unsigned int UINT;
typedef unsigned long ULONG;

#define TX_SUCCESS 0u
#define TX_NO_MEMORY 0x10u
#define TX_PTR_ERROR 0x03u
#define TX_SIZE_ERROR 0x05u
#define TX_NO_WAIT 0ul
#define TX_WAIT_FOREVER 0xFFFFFFFFul
#define TX_AUTO_START 1u
#define TX_NO_TIME_SLICE 0ul
#define TX_MAX_PRIORITIES 32u
#define TX_TIMER_TICKS_PER_SECOND 1000ul

#define TX_THREAD_ID 0x54485244ul /* "THRD" */
#define TX_BYTE_POOL_ID 0x42595445ul /* "BYTE" */
#define TX_BYTE_BLOCK_FREE 0xFFFFEEEEul
#define TX_STACK_FILL 0xEFEFEFEFul
#define TX_INITIALIZE_IN_PROGRESS 0xF0F0F0F0ul

/* tx_thread_state values */
#define TX_READY 0u
#define TX_COMPLETED 1u
#define TX_SLEEP 4u

typedef struct TX_TIMER_INTERNAL_STRUCT {
  ULONG tx_timer_internal_remaining_ticks;
  ULONG tx_timer_internal_re_initialize_ticks;
  VOID (*tx_timer_internal_timeout_function)(ULONG);
  ULONG tx_timer_internal_timeout_param;
  struct TX_TIMER_INTERNAL_STRUCT *tx_timer_internal_active_next, *tx_timer_internal_active_previous;
  struct TX_TIMER_INTERNAL_STRUCT **tx_timer_internal_list_head;
} TX_TIMER_INTERNAL;

/* TX_THREAD as tx_api.h lays it out; TX_THREAD_EXTENSION_0 is empty in the
 * Cortex-M ports, so tx_thread_name is at offset 40. */
typedef struct TX_THREAD_STRUCT {
  ULONG tx_thread_id;
  ULONG tx_thread_run_count;
  VOID *tx_thread_stack_ptr;
  VOID *tx_thread_stack_start;
  VOID *tx_thread_stack_end; /* the stack's last byte: start + size - 1 */
  ULONG tx_thread_stack_size;
  ULONG tx_thread_time_slice;
  ULONG tx_thread_new_time_slice;
  struct TX_THREAD_STRUCT *tx_thread_ready_next, *tx_thread_ready_previous;
  CHAR *tx_thread_name;
  UINT tx_thread_priority;
  UINT tx_thread_state;
  UINT tx_thread_delayed_suspend;
  UINT tx_thread_suspending;
  UINT tx_thread_preempt_threshold;
  VOID (*tx_thread_schedule_hook)(struct TX_THREAD_STRUCT *, ULONG);
  VOID (*tx_thread_entry)(ULONG);
  ULONG tx_thread_entry_parameter;
  TX_TIMER_INTERNAL tx_thread_timer;
  VOID (*tx_thread_suspend_cleanup)(struct TX_THREAD_STRUCT *);
  VOID *tx_thread_suspend_control_block;
  struct TX_THREAD_STRUCT *tx_thread_suspended_next, *tx_thread_suspended_previous;
  ULONG tx_thread_suspend_info;
  VOID *tx_thread_additional_suspend_info;
  UINT tx_thread_suspend_option;
  UINT tx_thread_suspend_status;
  struct TX_THREAD_STRUCT *tx_thread_created_next, *tx_thread_created_previous;
  VOID *tx_thread_filex_ptr;
  UINT tx_thread_user_priority;
  UINT tx_thread_user_preempt_threshold;
  UINT tx_thread_inherit_priority;
  UINT tx_thread_owned_mutex_count;
  VOID *tx_thread_owned_mutex_list;
  VOID *tx_thread_stack_highest_ptr; /* TX_ENABLE_STACK_CHECKING */
} TX_THREAD;

typedef struct TX_BYTE_POOL_STRUCT {
  ULONG tx_byte_pool_id;
  CHAR *tx_byte_pool_name;
  ULONG tx_byte_pool_available;
  UINT tx_byte_pool_fragments;
  UCHAR *tx_byte_pool_list;
  UCHAR *tx_byte_pool_search;
  UCHAR *tx_byte_pool_start;
  ULONG tx_byte_pool_size;
  TX_THREAD *tx_byte_pool_owner;
  TX_THREAD *tx_byte_pool_suspension_list;
  UINT tx_byte_pool_suspended_count;
  struct TX_BYTE_POOL_STRUCT *tx_byte_pool_created_next, *tx_byte_pool_created_previous;
} TX_BYTE_POOL;

/* The kernel's globals the port and debuggers know by name. */
extern TX_THREAD *volatile _tx_thread_current_ptr;
extern TX_THREAD *volatile _tx_thread_execute_ptr;
extern TX_THREAD *_tx_thread_created_ptr;
extern ULONG _tx_thread_created_count;
extern volatile ULONG _tx_thread_system_state;
extern volatile UINT _tx_thread_preempt_disable;
extern VOID *_tx_thread_system_stack_ptr;
extern VOID *_tx_initialize_unused_memory;
extern volatile ULONG _tx_timer_system_clock;
extern ULONG _tx_timer_time_slice;
extern uint32_t SystemCoreClock;

VOID tx_kernel_enter(VOID) __attribute__((noreturn));
VOID tx_application_define(VOID *first_unused_memory);
UINT tx_thread_create(TX_THREAD *thread_ptr, CHAR *name, VOID (*entry)(ULONG), ULONG entry_input, VOID *stack_start,
                      ULONG stack_size, UINT priority, UINT preempt_threshold, ULONG time_slice, UINT auto_start);
UINT tx_thread_sleep(ULONG timer_ticks);
UINT tx_byte_pool_create(TX_BYTE_POOL *pool_ptr, CHAR *name_ptr, VOID *pool_start, ULONG pool_size);
UINT tx_byte_allocate(TX_BYTE_POOL *pool_ptr, VOID **memory_ptr, ULONG memory_size, ULONG wait_option);
ULONG tx_time_get(VOID);

/* Port (tx_port.S, tx_initialize_low_level.c). */
VOID _tx_initialize_low_level(VOID);
VOID _tx_thread_schedule(VOID) __attribute__((noreturn));
VOID _tx_timer_interrupt(VOID);

/* PRIMASK critical sections, as the Cortex-M ports' TX_DISABLE/TX_RESTORE. */
#define TX_INTERRUPT_SAVE_AREA unsigned int interrupt_save;
#define TX_DISABLE __asm volatile("mrs %0, PRIMASK\n\tcpsid i" : "=r"(interrupt_save)::"memory");
#define TX_RESTORE __asm volatile("msr PRIMASK, %0" ::"r"(interrupt_save) : "memory");

#endif
