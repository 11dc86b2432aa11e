/**
 * Where an organisation's appointment phone records live (the organisation's geography,
 * defined with the configuration). Each geography has its own storage account
 * (settings `STORAGE_CONNECTION_<GEO>`); nothing crosses between them.
 */
import { GEOGRAPHIES, type Geography } from '../config/organisation';

export { GEOGRAPHIES, type Geography };
