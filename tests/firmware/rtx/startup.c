/* Start-up in Mbed OS's GCC_ARM shape (our own code): Reset_Handler copies
 * .data, zeroes .bss, calls SystemInit and then the C library's entry,
 * which in Mbed OS ends in mbed_start: the SDK's init (the console), then
 * mbed_rtos_start, which, still in thread mode on the MSP, initialises
 * the kernel, creates the main thread on its own static stack
 * (_main_stack) and starts the kernel: main runs as an RTX thread on the
 * PSP from then on, and the MSP is the interrupt stack. */
#include "rtx_hw.h"
#include "rtx_os.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, __StackTop;
int main(void);

void Reset_Handler(void) __attribute__((noreturn));
void Default_Handler(void);
void SVC_Handler(void);
void PendSV_Handler(void);
void SysTick_Handler(void);
void RTC1_IRQHandler(void);
#define WEAK_ALIAS __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_ALIAS;
void HardFault_Handler(void) WEAK_ALIAS;
void MemManage_Handler(void) WEAK_ALIAS;
void BusFault_Handler(void) WEAK_ALIAS;
void UsageFault_Handler(void) WEAK_ALIAS;
void DebugMon_Handler(void) WEAK_ALIAS;

#define NUM_IRQS 48
typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used)) const vector_t __isr_vector[16 + NUM_IRQS] = {
    (vector_t)(uintptr_t)&__StackTop,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    [16 ... 16 + TICKER_IRQn - 1] = Default_Handler,
    [16 + TICKER_IRQn] = RTC1_IRQHandler,
    [16 + TICKER_IRQn + 1 ... 16 + NUM_IRQS - 1] = Default_Handler,
};

void Default_Handler(void) {
  for (;;) {
  }
}

#if defined(MCUSIM_BOARD_NRF52840)
uint32_t SystemCoreClock = 64000000u;
#elif defined(MCUSIM_BOARD_STM32F407) || defined(MCUSIM_BOARD_STM32F746G_DISCO)
uint32_t SystemCoreClock = 16000000u; /* HSI */
#elif defined(MCUSIM_BOARD_STM32H743)
uint32_t SystemCoreClock = 64000000u; /* HSI */
#elif defined(MCUSIM_BOARD_STM32L4R5)
uint32_t SystemCoreClock = 4000000u; /* MSI */
#else
uint32_t SystemCoreClock = 25000000u; /* MPS2 FPGA images */
#endif

/* CMSIS SystemInit: the FPU on, the vector table where it was linked. */
void SystemInit(void) {
#if defined(__ARM_FP)
  SCB_CPACR |= 0xFu << 20;
#endif
  SCB_VTOR = (uint32_t)(uintptr_t)__isr_vector;
  __asm volatile("dsb\n\tisb" ::: "memory");
}

/* Mbed's main thread: a static stack, normal priority, named "main". */
static osRtxThread_t _main_obj;
static uint64_t _main_stack[MBED_CONF_APP_MAIN_STACK_SIZE / 8];

static void mbed_main_thread(void *arg) {
  (void)arg;
  semihost_exit(main());
}

static void mbed_rtos_start(void) {
  static const osThreadAttr_t main_attr = {"main", &_main_obj, _main_stack, sizeof _main_stack, osPriorityNormal};
  osKernelInitialize();
  if (!osThreadNew(mbed_main_thread, NULL, &main_attr)) semihost_exit(2);
  osKernelStart();
  semihost_exit(3); /* not reached: the kernel runs threads now */
}

void mbed_start(void) {
  serial_init(); /* mbed_sdk_init: the console */
  mbed_rtos_start();
}

void Reset_Handler(void) {
  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  SystemInit();
  mbed_start();
  for (;;) {
  }
}
