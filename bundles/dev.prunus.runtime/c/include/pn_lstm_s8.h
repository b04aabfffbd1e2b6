/*
 * Prunus runtime: int8 UNIDIRECTIONAL_SEQUENCE_LSTM with int16 cell state and gates (TFLite Micro's integer LSTM
 * semantics for the standard LSTM: no peephole, projection, layer normalisation or CIFG).
 */
#ifndef PN_LSTM_S8_H
#define PN_LSTM_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Index of each gate in pn_lstm_params.gate (TFLM's input order is input, forget, cell, output). */
enum {
    PN_LSTM_GATE_FORGET = 0,
    PN_LSTM_GATE_INPUT = 1,
    PN_LSTM_GATE_CELL = 2,
    PN_LSTM_GATE_OUTPUT = 3
};

/**
 * One gate: two fully connected layers into int16 at the fixed gate pre-activation scale 2^-12 (Q3.12).
 *
 *   in_part  = clamp16(requant(bias[o] + sum_j input_weights[o][j] * (x[j] + input_offset), input_quant[o]))
 *   rec_part = clamp16(requant(sum_j recurrent_weights[o][j] * (h[j] + hidden_offset), recurrent_quant[o]))
 *   gate[o]  = act(clamp16(in_part + rec_part))
 *
 * act is sigmoid for the forget, input and output gates and tanh for the cell gate, both TFLM's int16
 * table-interpolated functions (Q3.12 in, Q0.15 out). requant is TFLM MultiplyByQuantizedMultiplier with
 * multiplier = round(real * 2^31) in [2^30, 2^31) (or 0) and shift in [-31, 30] (left when positive), real =
 * input_scale * weight_scale[o] / 2^-12 (hidden scale for the recurrent part). Weights are symmetric (zero
 * point 0, as TFLite requires for int8 weights).
 */
typedef struct {
    const int8_t *input_weights;         /**< [n_cell][n_input], row-major */
    const int8_t *recurrent_weights;     /**< [n_cell][n_cell], row-major */
    const int32_t *bias;                 /**< [n_cell] int32, or NULL for none */
    const int32_t *input_multiplier;     /**< [n_cell] when per_channel, else [1] */
    const int32_t *input_shift;          /**< same length as input_multiplier */
    const int32_t *recurrent_multiplier; /**< [n_cell] when per_channel, else [1] */
    const int32_t *recurrent_shift;      /**< same length as recurrent_multiplier */
    int32_t per_channel;                 /**< 1: one multiplier/shift per row; 0: one for the whole gate */
} pn_lstm_gate;

/**
 * LSTM parameters, computed at generation time as TFLM's UnidirectionalSequenceLstm Prepare does. With the
 * gate outputs in Q0.15 (scale 2^-15), the cell state at scale 2^cell_scale_power and the hidden state int8:
 *
 *   cell[o]   = clamp16(clamp16(requant(forget[o] * cell[o], forget_cell)) +
 *                       clamp16(requant(input[o] * cell_gate[o], input_cell)))
 *               then, when cell_clip > 0, clamped to [-cell_clip, cell_clip]
 *   t         = tanh16((cell[o] * cell_tanh_multiplier + round) >> cell_tanh_shift)
 *               (round = 2^(cell_tanh_shift - 1), 0 when cell_tanh_shift == 0)
 *   hidden[o] = clamp8(requant(t * output[o], hidden) + hidden_zero_point)
 *
 * forget_cell = 2^-15 * cell_scale / cell_scale, input_cell = 2^-30 / cell_scale, hidden = 2^-30 / hidden_scale
 * (each as multiplier/shift). For TFLM's cell tanh: with s = 12 + cell_scale_power, cell_tanh_multiplier = 3 << s
 * and cell_tanh_shift = 0 when s >= 0, else multiplier 3 and shift -s.
 */
typedef struct {
    int32_t input_offset;          /**< minus the input zero point, [-127, 128] */
    int32_t hidden_zero_point;     /**< the hidden state's (and output's) zero point, [-128, 127] */
    pn_quant forget_cell;          /**< forget gate x cell -> cell */
    pn_quant input_cell;           /**< input gate x cell gate -> cell */
    pn_quant hidden;               /**< tanh(cell) x output gate -> hidden (int8, before the zero point) */
    int32_t cell_clip;             /**< quantized cell clip in [0, 32767]; 0 = no clipping */
    int32_t cell_tanh_multiplier;  /**< [1, 3 << 15] */
    int32_t cell_tanh_shift;       /**< [0, 30] */
    pn_lstm_gate gate[4];          /**< indexed by PN_LSTM_GATE_* */
} pn_lstm_params;

/**
 * Scratch bytes pn_lstm_s8() needs: the input row and the previous hidden state, widened to int16 with their
 * offsets added: 2 * (ceil4(n_input) + ceil4(n_cell)).
 *
 * @param n_input input features, >= 1
 * @param n_cell  cells (hidden state size), >= 1
 * @return bytes (4-byte aligned buffer), or 0 for invalid sizes
 */
int32_t pn_lstm_s8_get_buffer_size(int32_t n_input, int32_t n_cell);

/**
 * Runs the LSTM over a whole sequence, updating the states in place.
 *
 * Layouts: time-major input [time_steps][batches][n_input], output [time_steps][batches][n_cell]; batch-major
 * (time_major == 0) input [batches][time_steps][n_input], output [batches][time_steps][n_cell]. The output at
 * each step is the new hidden state. States: hidden_state [batches][n_cell] int8 (hidden quantization),
 * cell_state [batches][n_cell] int16. The kernel starts from whatever the states hold, so consecutive calls
 * continue one stream, as TFLM keeps variable tensors between invocations; the caller resets them (hidden to its
 * zero point, cell to 0) to start a new one, as TFLM's Reset() does (the generated <name>_reset).
 *
 * @param params     parameters (see pn_lstm_params and pn_lstm_gate)
 * @param time_major 1 for time-major tensors, 0 for batch-major
 * @param batches    >= 1
 * @param time_steps >= 1
 * @param n_input    input features, >= 1
 * @param n_cell     cells, >= 1
 * @param input      int8 input sequence
 * @param output     int8 output sequence; must not overlap the states; may alias input when n_input == n_cell
 * @param hidden_state int8 hidden state, read and updated
 * @param cell_state int16 cell state, read and updated (2-byte aligned)
 * @param scratch    pn_lstm_s8_get_buffer_size(n_input, n_cell) bytes, 4-byte aligned
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_lstm_s8(const pn_lstm_params *params, int32_t time_major, int32_t batches, int32_t time_steps,
                     int32_t n_input, int32_t n_cell, const int8_t *input, int8_t *output, int8_t *hidden_state,
                     int16_t *cell_state, void *scratch);

/**
 * TFLM's int16 sigmoid by interpolation in a 256-entry table: v is the Q3.12 input multiplied by 3 (so that the
 * table step 1/24 is 2^9 units of v), |v| < 2^31 / 512; result Q0.15 in [0, 32767].
 */
int16_t pn_sigmoid_s16(int32_t v);

/**
 * TFLM's int16 tanh by interpolation in the same table: v is the input scaled so that 2^8 units are a table
 * step (for a Q3.12 input: the input times 3); result Q0.15 in [-32767, 32767].
 */
int16_t pn_tanh_s16(int32_t v);

#ifdef __cplusplus
}
#endif

#endif /* PN_LSTM_S8_H */
