// The instruments' items and answer options come from the server's own definitions (one source of
// truth for item text, options and order); the server scores what the form sends.
import { GAD7 } from '../../../src/modules/assessments/instruments/gad7';
import { PCL5 } from '../../../src/modules/assessments/instruments/pcl5';
import { PHQ9 } from '../../../src/modules/assessments/instruments/phq9';

export interface FormOption {
  value: number;
  label: string;
}
export interface FormItem {
  id: string;
  text: string;
  required: boolean;
  options: FormOption[];
}
export interface InstrumentForm {
  id: string;
  name: string;
  instructions: string;
  items: FormItem[];
}

export const INSTRUMENTS: InstrumentForm[] = [PHQ9, GAD7, PCL5].map((d) => ({
  id: d.id,
  name: d.name,
  instructions: d.instructions,
  items: d.items.map((i) => ({ id: i.id, text: i.text, required: i.required ?? true, options: i.options ?? d.options })),
}));
