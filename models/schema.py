"""Every table of the application, in dependency order."""
from __future__ import annotations

from models.archive import ArchiveSeal, ArchiveSequence, SealDictionary
from models.audit import AuditChange, AuditEvent
from models.catalog import Category, Department, Location, ReferralGuide, Remedy, RiskKeyword, ScriptPrompt
from models.complaint import (
    Attachment,
    CompensationLine,
    Complaint,
    FollowUp,
    Proposal,
    Signature,
)
from models.control.alerts import RiskAlert
from models.control.external import ExternalAttachment, ExternalCase, ExternalChannel
from models.control.hotspot_notices import HotspotNotice
from models.control.hotspots import HotspotSnapshot
from models.control.improvement import ImprovementAction, ImprovementEvent, ImprovementLink, SuggestionDecision
from models.control.tallies import HotspotChange, HotspotGroup, HotspotState, HotspotTally
from models.customer import Customer
from models.settings import Setting
from models.staff import Handover, Staff, StaffRemedy

ALL_MODELS = [
    Setting,
    Department,
    Location,
    Category,
    Remedy,
    ScriptPrompt,
    RiskKeyword,
    ReferralGuide,
    Staff,
    StaffRemedy,
    Handover,
    Customer,
    Signature,
    Complaint,
    Proposal,
    CompensationLine,
    Attachment,
    FollowUp,
    ExternalChannel,
    ExternalCase,
    ExternalAttachment,
    ImprovementAction,
    RiskAlert,
    AuditChange,
    AuditEvent,
    ImprovementLink,
    ImprovementEvent,
    SuggestionDecision,
    SealDictionary,
    ArchiveSeal,
    ArchiveSequence,
    HotspotGroup,
    HotspotTally,
    HotspotState,
    HotspotChange,
    HotspotNotice,
    HotspotSnapshot,
]
