/* What every generated model (either engine) provides to sample_main.c. */
#ifndef MCUSIM_MODEL_API_H
#define MCUSIM_MODEL_API_H

#include <stdint.h>

extern const char mcusim_model_name[];
extern const char mcusim_model_engine[];
extern const int mcusim_model_input_bytes;
extern const int mcusim_model_classes;

/* The input tensor (NHWC int8) inside the activation arena (for the
 * interpreted engine this plans the arena first). */
int8_t *mcusim_model_input(void);
/* Runs one inference; returns the logits (mcusim_model_classes int8 values),
 * or NULL if the model could not be prepared. */
const int8_t *mcusim_model_run(void);

#endif
