import { type DataInput, type DataSet, DataSetError, parseDataSet } from '../parseDataSet.js';
import { StudyInputError } from '../StudyInputError.js';

/** Reads the `data` input for a net with nIn inputs and nOut outputs; errors name `data`. */
export function readData(study: string, data: DataInput | undefined, nIn: number, nOut: number): DataSet {
  if (data === undefined)
    throw new StudyInputError('data', '{loss} mse needs {data}', { study, standalone: true });
  try {
    return parseDataSet(data, nIn, nOut);
  } catch (error) {
    if (error instanceof DataSetError)
      throw new StudyInputError('data', error.reason, {
        study,
        value: typeof data === 'string' ? undefined : data,
        ...(error.line === undefined ? {} : { line: error.line }),
      });
    throw error;
  }
}
