// Adds toBeAccessible() (axe-core rules through @sa11y/jest) to every LWC test.
import { registerSa11yMatcher } from '@sa11y/jest';

registerSa11yMatcher();
