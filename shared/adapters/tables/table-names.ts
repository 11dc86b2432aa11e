/**
 * Every table the app uses. `npm start` and the deployment create them all; a table
 * that lives in the geography's own storage account is listed under `geography`.
 */
export const TABLES = {
  config: 'config',
  visits: 'visits',
  launchState: 'launchstate',
  visitRooms: 'visitrooms',
  ehrUsers: 'ehrusers',
  hl7Tokens: 'hl7tokens',
  smsLog: 'smslog',
  smsOptOuts: 'smsoptouts',
  smsJoinLinks: 'smsjoinlinks',
  smsPacing: 'smspacing',
  smsOutbox: 'smsoutbox',
} as const;

export const GEOGRAPHY_TABLES = {
  appointments: 'appointments',
  due: 'due',
  hl7DeadLetters: 'hl7deadletters',
} as const;
