import { OrderMachineError } from 'order-status-machine';

/** The library error a call throws; anything else (or no throw) fails the test. */
export function thrown(run: () => unknown): OrderMachineError {
  try {
    run();
  } catch (error) {
    if (error instanceof OrderMachineError) return error;
    throw error;
  }
  throw new Error('expected an OrderMachineError');
}
